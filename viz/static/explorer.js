/* directive-graph cascade explorer.
 *
 * Reads the page's embedded JSON (nodes and edges built by pyvis), draws them
 * with vis-network, and keeps the view state (relations, levels, day) in the
 * URL hash so a view can be shared as a link.  Every string from a document
 * is put on the page with textContent, never as HTML.  Talks only to the
 * service that served the page (data.api), never to another host; a
 * standalone file (data.api === null) uses only what it embeds.
 */
(function () {
  "use strict";

  var raw = document.getElementById("dg-data");
  if (!raw || typeof vis === "undefined") { return; }
  var data = JSON.parse(raw.textContent);
  var meta = data.meta;
  var api = data.api;
  var rootKey = meta.root_key;

  var ROW_MAX = 9;  // nodes side by side before a row wraps onto the next
  var nodes = new vis.DataSet(relevel(data.network.nodes));
  var edges = new vis.DataSet(data.network.edges);
  var visible = {};
  var relsOn = new Set();
  var state = readState();

  // A top-down layout puts each level on one line; thirty units on one line
  // draw too small to read, so a crowded row wraps onto extra lines.
  function relevel(list) {
    var byRow = {};
    list.forEach(function (n) {
      if (n.row === undefined) { n.row = n.level; }
      (byRow[n.row] = byRow[n.row] || []).push(n);
    });
    var rows = Object.keys(byRow).map(Number).sort(function (a, b) { return a - b; });
    var next = 0;
    rows.forEach(function (row) {
      var items = byRow[row];
      items.forEach(function (n, i) { n.level = next + Math.floor(i / ROW_MAX); });
      next += Math.ceil(items.length / ROW_MAX);
    });
    return list;
  }

  function readState() {
    var out = { rel: null, level: null, day: null };
    var params = new URLSearchParams(window.location.search);
    var hash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    ["rel", "level", "day"].forEach(function (name) {
      var value = hash.has(name) ? hash.get(name) : params.get(name);
      if (value === null) { return; }
      if (name === "day") {
        var n = parseInt(value, 10);
        out.day = isNaN(n) ? null : n;
      } else {
        out[name] = new Set(value.split(",").filter(Boolean));
      }
    });
    return out;
  }

  function checked(name) {
    var boxes = document.querySelectorAll("#filters input[name='" + name + "']");
    var on = new Set();
    boxes.forEach(function (b) { if (b.checked) { on.add(b.value); } });
    return { on: on, all: on.size === boxes.length };
  }

  function writeState() {
    var hash = new URLSearchParams();
    var rel = checked("rel");
    var level = checked("level");
    if (!rel.all) { hash.set("rel", Array.from(rel.on).join(",")); }
    if (!level.all) { hash.set("level", Array.from(level.on).join(",")); }
    if (state.day !== null && state.day < meta.days) { hash.set("day", String(state.day)); }
    var text = hash.toString();
    var url = window.location.pathname + window.location.search + (text ? "#" + text : "");
    try { window.history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
  }

  function applyStateToControls() {
    document.querySelectorAll("#filters input[name='rel']").forEach(function (b) {
      b.checked = state.rel === null || state.rel.has(b.value);
    });
    document.querySelectorAll("#filters input[name='level']").forEach(function (b) {
      b.checked = state.level === null || state.level.has(b.value);
    });
    var slider = document.getElementById("day");
    if (slider && state.day !== null) { slider.value = String(Math.min(state.day, meta.days)); }
  }

  function passes(node, levels) {
    if (!levels.has(node.lvl || "unknown")) { return false; }
    var day = state.day === null ? meta.days : state.day;
    return node.day === null || node.day === undefined || node.day <= day;
  }

  // Documents and groups show when their level and date pass; any other node
  // (task, unit, person) only when an edge of a shown relation reaches it.
  function recompute() {
    var rels = checked("rel").on;
    relsOn = rels;
    var levels = checked("level").on;
    var ok = {};
    nodes.forEach(function (n) { ok[n.id] = passes(n, levels); });
    visible = {};
    nodes.forEach(function (n) {
      if (ok[n.id] && (n.kind === "document" || n.kind === "group")) { visible[n.id] = true; }
    });
    edges.forEach(function (e) {
      if (rels.has(e.rel) && ok[e.from] && ok[e.to]) {
        visible[e.from] = true;
        visible[e.to] = true;
      }
    });
  }

  // The views filter once when made: the state must be worked out before.
  applyStateToControls();
  recompute();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visible[n.id] === true; } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return visible[e.from] === true && visible[e.to] === true && relsOn.has(e.rel);
    }
  });

  function refresh() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    showDay();
    writeState();
  }

  function showDay() {
    var label = document.getElementById("day-label");
    if (!label) { return; }
    var day = state.day === null ? meta.days : state.day;
    if (!meta.start) { label.textContent = "undated"; return; }
    var d = new Date(meta.start + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + day);
    label.textContent = "day " + day + " · " + d.toISOString().slice(0, 10);
  }

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.network.options);
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "1"); });
  showDay();

  window.dgExplorer = {
    nodes: nodes, edges: edges, network: network, nodeView: nodeView, edgeView: edgeView,
    nodeCount: function () { return nodes.length; },
    visibleCount: function () { return nodeView.length; },
    state: state, openPanel: openPanel, expandGroup: expandGroup
  };

  document.querySelectorAll("#filters input").forEach(function (b) {
    b.addEventListener("change", refresh);
  });
  var slider = document.getElementById("day");
  slider.addEventListener("input", function () {
    state.day = parseInt(slider.value, 10);
    refresh();
  });
  var timer = null;
  document.getElementById("play").addEventListener("click", function (ev) {
    var button = ev.currentTarget;
    if (timer !== null) { window.clearInterval(timer); timer = null; button.textContent = "▶"; return; }
    state.day = 0;
    slider.value = "0";
    refresh();
    button.textContent = "❚❚";
    timer = window.setInterval(function () {
      if (state.day >= meta.days) { window.clearInterval(timer); timer = null; button.textContent = "▶"; return; }
      state.day += 1;
      slider.value = String(state.day);
      refresh();
    }, Math.max(60, Math.min(600, 8000 / Math.max(1, meta.days))));
  });

  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var node = nodes.get(params.nodes[0]);
    if (!node) { return; }
    if (node.kind === "group") { expandGroup(node); } else { openPanel(node); }
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    document.getElementById("panel").hidden = true;
  });

  function path(key) { return encodeURIComponent(key); }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.error ? body.error.message : r.statusText); }
        return body;
      });
    });
  }

  function merge(part) {
    // Nodes already drawn keep what they show (a neighbourhood is cut without
    // the cascade's coverage, so its copy of a unit would lose its red ring).
    var fresh = (part.nodes || []).filter(function (n) { return nodes.get(n.id) === null; });
    var all = nodes.get().concat(fresh);
    nodes.update(relevel(all));
    edges.update(part.edges || []);
    refresh();
    network.fit();
  }

  function expandGroup(node) {
    var head = node.info.key;
    var local = data.expansions[node.id];
    var done = function (part) {
      edges.remove(edges.getIds({ filter: function (e) { return e.from === node.id || e.to === node.id; } }));
      nodes.remove(node.id);
      merge(part);
    };
    if (local) { done(local); return Promise.resolve(); }
    if (!api) { return Promise.resolve(); }
    return getJSON(api + "/documents/" + path(rootKey) + "/graph?group=" + path(head))
      .then(done).catch(function (err) { flash(err.message); });
  }

  function flash(message) {
    var body = document.getElementById("panel-body");
    var p = el("p", "error", message);
    body.insertBefore(p, body.firstChild);
    document.getElementById("panel").hidden = false;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function row(dl, name, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, value));
  }

  function link(text, href) {
    var a = el("a", "action", text);
    a.href = href;
    return a;
  }

  function openPanel(node) {
    var info = node.info || {};
    var body = document.getElementById("panel-body");
    body.textContent = "";
    body.setAttribute("data-node", node.id);
    body.appendChild(el("div", "kind kind-" + info.kind, info.kind + (info.level ? " · " + info.level : "")));
    body.appendChild(el("h2", "panel-title", info.label || node.label));
    var dl = el("dl", "facts");
    if (info.kind === "document") {
      row(dl, "type", info.doc_type);
      row(dl, "number", info.number);
      row(dl, "date", info.date);
      row(dl, "issuer", info.issuer);
      row(dl, "subject", info.subject);
      if (info.lag !== null && info.lag !== undefined) {
        row(dl, "lag", info.lag + " day" + (info.lag === 1 ? "" : "s") + " after " + (info.parent || "the document it implements"));
      }
      if (!info.loaded) { row(dl, "status", "known only from citations"); }
    } else if (info.kind === "task") {
      row(dl, "task", info.no);
      row(dl, "deadline", info.deadline);
      row(dl, "text", info.text);
    } else {
      row(dl, "name", info.name);
      row(dl, "province", info.province);
      row(dl, "title", info.title);
      if (info.missing) { row(dl, "coverage", "addressed, has not answered with a document"); }
    }
    body.appendChild(dl);
    var tasks = info.kind === "task" ? [info] : (info.tasks || []);
    if (tasks.length && info.kind === "document") {
      body.appendChild(el("h3", null, "Tasks (" + tasks.length + ")"));
      var ol = el("ol", "tasks");
      tasks.forEach(function (t) {
        var li = el("li");
        li.appendChild(el("span", "task-no", t.no + ". "));
        var text = String(t.text || "");
        if (text.indexOf(t.no + ".") === 0) { text = text.slice(String(t.no).length + 1).trim(); }
        li.appendChild(el("span", "task-text", text));
        if (t.deadline) { li.appendChild(el("div", "deadline", "due " + t.deadline)); }
        appendAssignees(li, t.assignees);
        ol.appendChild(li);
      });
      body.appendChild(ol);
    } else if (info.kind === "task") {
      appendAssignees(body, info.assignees);
    }
    var actions = el("div", "actions");
    if (api && info.kind === "document") {
      if (info.loaded) { actions.appendChild(link("Source text", api + "/documents/" + path(info.key) + "/text")); }
      actions.appendChild(link("Cascade from here", "/cascade?doc=" + path(info.key)));
    }
    if (api && (info.kind === "document" || info.kind === "unit")) {
      var button = el("button", "action expand", "Expand neighbours");
      button.type = "button";
      button.addEventListener("click", function () {
        var url = api + (info.kind === "document" ? "/documents/" : "/units/") + path(info.key) + "/neighbours";
        button.disabled = true;
        getJSON(url).then(merge).catch(function (err) { flash(err.message); });
      });
      actions.appendChild(button);
    }
    body.appendChild(actions);
    document.getElementById("panel").hidden = false;
  }

  function appendAssignees(parent, assignees) {
    if (!assignees || !assignees.length) { return; }
    var ul = el("ul", "assignees");
    assignees.forEach(function (a) {
      ul.appendChild(el("li", null, a.name + (a.role ? " (" + a.role + ")" : "")));
    });
    parent.appendChild(ul);
  }
}());
