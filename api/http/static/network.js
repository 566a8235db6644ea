// The network page: asks GET /network (as JSON) for the filters in the form, lays the network out
// with ForceAtlas2 and draws it with sigma.js (both served from /static/vendor, installed by
// `make web`). A click on a node opens its page; a click on a tie asks GET /network/edge for the
// events and sentences behind it. Text from the server is only ever set as textContent.
(function () {
  "use strict";

  var root = document.getElementById("network-graph");
  if (!root || typeof Sigma === "undefined" || typeof graphology === "undefined") {
    return;
  }
  var library = window.graphologyLibrary;
  var form = document.getElementById("network-filters");
  var statusLine = document.getElementById("network-status");
  var legend = document.getElementById("network-legend");
  var panel = document.getElementById("tie-panel");
  var sizeBy = document.getElementById("size-by");
  var colourBy = document.getElementById("colour-by");
  var search = document.getElementById("node-search");
  var names = document.getElementById("node-names");
  var years = document.getElementById("years");
  var yearFrom = document.getElementById("year-from");
  var yearTo = document.getElementById("year-to");
  var communityColours = (root.dataset.communityColours || "#1f5fbf").split(" ");
  var typeColours = JSON.parse(root.dataset.typeColours || "{}");
  var EDGE_COOPERATION = "#7fb89a";
  var EDGE_CONFLICT = "#d9776c";
  var EDGE_NEUTRAL = "#b8bfcc";
  var FADED = "#e4e7ec";
  var SELECTED = "#1f5fbf";

  var renderer = null;
  var graph = null;
  var hovered = null;
  var found = null;
  var selectedEdge = null;
  var loading = 0;

  // --- the filters as query parameters ---------------------------------------------------

  function filterPairs() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "focus" && String(value).trim() !== "") {
        pairs.push([name, String(value).trim()]);
      }
    });
    if (years && yearFrom && yearTo) {
      // Only a narrowed range is sent: any window leaves undated events out.
      if (yearFrom.value !== years.dataset.min || yearTo.value !== years.dataset.max) {
        pairs.push(["from", yearFrom.value], ["to", yearTo.value]);
      }
    }
    return pairs.filter(function (pair) {
      var defaults = { level: "all", event_class: "all", status: "all" };
      return defaults[pair[0]] !== pair[1];
    });
  }

  function encode(pairs) {
    return pairs
      .map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); })
      .join("&");
  }

  function focus() {
    return root.dataset.focus || "";
  }

  // --- drawing ---------------------------------------------------------------------------

  function seeded(seed) {
    // mulberry32: the same start, so the same picture, for the same network
    return function () {
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function nodeColour(attributes) {
    if (colourBy.value === "type") {
      return typeColours[attributes.entity_type] || "#808080";
    }
    if (attributes.community === null || attributes.community === undefined) {
      return "#808080";
    }
    return communityColours[attributes.community % communityColours.length];
  }

  function style() {
    var metric = sizeBy.value;
    var top = 0;
    var heaviest = 0;
    graph.forEachNode(function (node, a) { top = Math.max(top, Number(a[metric]) || 0); });
    graph.forEachEdge(function (edge, a) { heaviest = Math.max(heaviest, a.weight || 0); });
    graph.forEachNode(function (node, a) {
      var share = top > 0 ? Math.sqrt(Math.max(Number(a[metric]) || 0, 0) / top) : 0.3;
      graph.mergeNodeAttributes(node, { size: 4 + 14 * share, color: nodeColour(a) });
    });
    graph.forEachEdge(function (edge, a) {
      var colour = a.goldstein_sum > 0 ? EDGE_COOPERATION : a.goldstein_sum < 0 ? EDGE_CONFLICT : EDGE_NEUTRAL;
      var share = heaviest > 0 ? Math.sqrt(a.weight / heaviest) : 0;
      graph.mergeEdgeAttributes(edge, { size: 2 + 5 * share, color: colour });
    });
    drawLegend();
    if (renderer) {
      renderer.refresh();
    }
  }

  function drawLegend() {
    legend.textContent = "";
    var entries = [];
    if (colourBy.value === "type") {
      var present = {};
      graph.forEachNode(function (node, a) { present[a.entity_type] = true; });
      Object.keys(present).sort().forEach(function (kind) {
        entries.push([typeColours[kind] || "#808080", kind]);
      });
    } else {
      var communities = {};
      graph.forEachNode(function (node, a) {
        if (a.community !== null && a.community !== undefined) {
          communities[a.community] = (communities[a.community] || 0) + 1;
        }
      });
      var ids = Object.keys(communities).map(Number).sort(function (x, y) { return x - y; });
      ids.slice(0, 12).forEach(function (id) {
        entries.push([communityColours[id % communityColours.length], "community " + id + " (" + communities[id] + ")"]);
      });
      if (ids.length > 12) {
        entries.push(["#ffffff", "… " + (ids.length - 12) + " more"]);
      }
    }
    entries.push([EDGE_COOPERATION, "tie: cooperation"], [EDGE_CONFLICT, "tie: conflict"]);
    entries.forEach(function (entry) {
      var item = document.createElement("span");
      item.className = "legend-item";
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = entry[0];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry[1]));
      legend.appendChild(item);
    });
  }

  function nodeReducer(node, data) {
    var result = Object.assign({}, data);
    if (hovered && hovered !== node && !graph.areNeighbors(hovered, node)) {
      result.color = FADED;
      result.label = "";
    }
    if (node === found || data.focus || (selectedEdge !== null && graph.hasExtremity(selectedEdge, node))) {
      result.highlighted = true;
      result.forceLabel = true;
    }
    return result;
  }

  function edgeReducer(edge, data) {
    var result = Object.assign({}, data);
    if (edge === selectedEdge) {
      result.color = SELECTED;
      result.size = data.size + 2;
      result.zIndex = 1;
    } else if (hovered && !graph.hasExtremity(edge, hovered)) {
      result.hidden = true;
    }
    return result;
  }

  function build(view) {
    var g = new graphology.Graph({ type: "undirected" });
    view.graph.nodes.forEach(function (node) {
      var attributes = Object.assign({}, node.attributes);
      // sigma reads a node's "type" as its drawing program: the entity type goes by another name
      attributes.entity_type = attributes.type;
      delete attributes.type;
      // long names crowd the drawing: NASA rather than National Aeronautics and Space Administration
      attributes.name = attributes.label;
      if (attributes.acronym && attributes.label.length > 24) {
        attributes.label = attributes.acronym;
      }
      g.addNode(node.key, attributes);
    });
    view.graph.edges.forEach(function (edge) {
      g.addEdgeWithKey(edge.key, edge.source, edge.target, Object.assign({}, edge.attributes));
    });
    library.layout.random.assign(g, { rng: seeded(42) });
    if (g.order > 1 && g.size > 0) {
      var settings = library.layoutForceAtlas2.inferSettings(g);
      settings.gravity = 1;
      library.layoutForceAtlas2.assign(g, {
        iterations: g.order > 1000 ? 80 : g.order > 300 ? 150 : 300,
        settings: settings,
      });
    }
    return g;
  }

  function draw(view) {
    graph = build(view);
    hovered = found = selectedEdge = null;
    style();
    if (renderer) {
      renderer.kill();
    }
    renderer = new Sigma(graph, root, {
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.5,
      zIndex: true,
      nodeReducer: nodeReducer,
      edgeReducer: edgeReducer,
    });
    renderer.on("enterNode", function (event) { hovered = event.node; root.style.cursor = "pointer"; renderer.refresh(); });
    renderer.on("leaveNode", function () { hovered = null; root.style.cursor = ""; renderer.refresh(); });
    renderer.on("enterEdge", function () { root.style.cursor = "pointer"; });
    renderer.on("leaveEdge", function () { root.style.cursor = ""; });
    renderer.on("clickNode", function (event) {
      var a = graph.getNodeAttributes(event.node);
      window.location.href = a.path || "/ui/entity?iri=" + encodeURIComponent(event.node);
    });
    renderer.on("clickEdge", function (event) { openTie(event.edge); });
    renderer.on("clickStage", function () { closeTie(); });
    window.spacekgNetwork = { renderer: renderer, graph: graph, view: view };

    names.textContent = "";
    graph.forEachNode(function (node, a) {
      var option = document.createElement("option");
      option.value = a.name;
      names.appendChild(option);
    });
    drawTieList(view);
    report(view);
  }

  function plural(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many);
  }

  function report(view) {
    var s = view.summary;
    var text;
    if (!view.shown_nodes) {
      text = "No ties with these filters: try a wider range of years, another level, or no filter.";
    } else {
      text = plural(view.shown_nodes, "node", "nodes") + " and " + plural(view.shown_edges, "tie", "ties") + " drawn";
      if (view.focus) {
        var centre = graph.hasNode(view.focus) ? graph.getNodeAttribute(view.focus, "name") : view.focus;
        text = "Ego network of " + centre + ": " + text;
        var label = document.getElementById("focus-label");
        if (label) {
          label.textContent = centre;
        }
      }
      text += "; the whole network has " + plural(s.nodes, "node", "nodes") + ", " + plural(s.edges, "tie", "ties") +
        " and " + plural(s.events, "event", "events") + " (" + plural(s.components, "component", "components") + ").";
      if (view.note) {
        text += " " + view.note;
      }
    }
    statusLine.textContent = text;
    statusLine.classList.remove("error");
    root.dataset.nodes = String(view.shown_nodes);
    root.dataset.edges = String(view.shown_edges);
    root.dataset.state = "ready";
  }

  function drawTieList(view) {
    var list = document.getElementById("tie-list");
    if (!list) {
      list = document.createElement("details");
      list.id = "tie-list";
      list.className = "tie-list";
      list.appendChild(document.createElement("summary"));
      list.appendChild(document.createElement("ol"));
      legend.parentNode.appendChild(list);
    }
    var strongest = view.graph.edges.slice(0, 50);
    list.querySelector("summary").textContent = "Strongest ties (" + strongest.length + (view.shown_edges > 50 ? " of " + view.shown_edges : "") + ")";
    var ol = list.querySelector("ol");
    ol.textContent = "";
    strongest.forEach(function (edge) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.dataset.edge = edge.key;
      button.textContent = graph.getNodeAttribute(edge.source, "name") + " — " + graph.getNodeAttribute(edge.target, "name");
      button.addEventListener("click", function () { openTie(edge.key); });
      li.appendChild(button);
      li.appendChild(document.createTextNode(" " + plural(edge.attributes.weight, "event", "events")));
      ol.appendChild(li);
    });
  }

  // --- loading ---------------------------------------------------------------------------

  function load() {
    var pairs = filterPairs();
    var query = encode(pairs.concat(focus() ? [["focus", focus()]] : []));
    var ticket = ++loading;
    root.dataset.state = "loading";
    statusLine.textContent = "Loading the network…";
    closeTie();
    history.replaceState(null, "", "/network" + (query ? "?" + query : ""));
    document.querySelectorAll("#downloads a[data-format]").forEach(function (link) {
      link.href = root.dataset.export + "?" + encode([["format", link.dataset.format]].concat(pairs));
    });
    var whole = document.getElementById("whole-network");
    if (whole) {
      whole.href = "/network" + (pairs.length ? "?" + encode(pairs) : "");
    }
    var limit = root.dataset.limit ? "&limit=" + encodeURIComponent(root.dataset.limit) : "";
    fetch(root.dataset.api + "?format=json" + limit + (query ? "&" + query : ""), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (ticket !== loading) {
          return; // a newer request is on its way
        }
        if (!answer.ok) {
          fail(answer.body.detail || "the network could not be read");
          return;
        }
        draw(answer.body);
      })
      .catch(function (error) {
        if (ticket === loading) {
          fail(String(error));
        }
      });
  }

  function fail(message) {
    if (renderer) {
      renderer.kill();
      renderer = null;
    }
    statusLine.textContent = message;
    statusLine.classList.add("error");
    root.dataset.nodes = "0";
    root.dataset.edges = "0";
    root.dataset.state = "error";
  }

  var pending = null;
  function reload() {
    clearTimeout(pending);
    pending = setTimeout(load, 250);
  }

  // --- the tie panel ---------------------------------------------------------------------

  function closeTie() {
    panel.hidden = true;
    if (selectedEdge !== null) {
      selectedEdge = null;
      if (renderer) {
        renderer.refresh();
      }
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function link(href, text, external) {
    var a = element("a", external ? "external" : "", text);
    a.href = href;
    if (external) {
      a.rel = "noopener noreferrer nofollow";
    }
    return a;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function openTie(edge) {
    selectedEdge = edge;
    renderer.refresh();
    var source = graph.source(edge);
    var target = graph.target(edge);
    var a = graph.getEdgeAttributes(edge);
    document.getElementById("tie-title").textContent =
      graph.getNodeAttribute(source, "name") + " — " + graph.getNodeAttribute(target, "name");
    var summary = document.getElementById("tie-summary");
    summary.textContent = plural(a.weight, "event", "events") + "; Goldstein sum " + a.goldstein_sum +
      (a.first ? "; " + (a.first === a.last ? a.first : a.first + " to " + a.last) : "") + ". Loading the sources…";
    var list = document.getElementById("tie-events");
    list.textContent = "";
    panel.hidden = false;
    panel.dataset.state = "loading";
    var query = encode([["a", source], ["b", target]].concat(filterPairs()));
    fetch(root.dataset.edgeApi + "?" + query, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (selectedEdge !== edge) {
          return;
        }
        if (!answer.ok) {
          summary.textContent = answer.body.detail || "the sources could not be read";
          panel.dataset.state = "error";
          return;
        }
        showTie(answer.body, summary, list);
      });
  }

  function showTie(tie, summary, list) {
    summary.textContent = plural(tie.events_count, "event", "events") + " (" + tie.types.join(", ") + "); Goldstein sum " +
      tie.goldstein_sum + (tie.events.length < tie.events_count ? "; the newest " + tie.events.length + " shown" : "") + ".";
    tie.events.forEach(function (event) {
      var item = element("li", "tie-event");
      var head = element("p", "tie-event-head");
      head.appendChild(element("span", "date", event.date || "undated"));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(link(event.path || "/ui/entity?iri=" + encodeURIComponent(event.iri), event.type));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("span", "status status-" + event.status, event.status));
      if (event.confidence !== null && event.confidence !== undefined) {
        head.appendChild(element("span", "meta", " confidence " + event.confidence.toFixed(2)));
      }
      item.appendChild(head);
      if (event.label) {
        item.appendChild(element("p", "meta", event.label));
      }
      if (!event.evidence.length) {
        item.appendChild(element("p", "empty", "No sentence recorded."));
      }
      event.evidence.forEach(function (evidence) {
        item.appendChild(element("blockquote", "sentence", evidence.sentence));
        var source = element("p", "source");
        var article = evidence.article;
        var title = article.title || article.url || article.iri;
        source.appendChild(link(article.id ? "/ui/articles/" + encodeURIComponent(article.id) : article.path || "#", title));
        var url = safeUrl(article.url);
        if (url) {
          source.appendChild(document.createTextNode(" · "));
          source.appendChild(link(url, new URL(url).hostname, true));
        }
        if (article.published) {
          source.appendChild(element("span", "meta", " · " + article.published));
        }
        item.appendChild(source);
      });
      list.appendChild(item);
    });
    panel.dataset.state = "ready";
  }

  // --- controls --------------------------------------------------------------------------

  function findNode() {
    if (!graph || !renderer) {
      return;
    }
    var wanted = search.value.trim().toLowerCase();
    found = null;
    if (wanted) {
      graph.forEachNode(function (node, a) {
        var label = String(a.name).toLowerCase();
        var acronym = String(a.acronym || "").toLowerCase();
        if (!found && (label === wanted || acronym === wanted)) {
          found = node;
        }
      });
      graph.forEachNode(function (node, a) {
        if (!found && String(a.name).toLowerCase().indexOf(wanted) !== -1) {
          found = node;
        }
      });
    }
    search.classList.toggle("not-found", Boolean(wanted) && !found);
    if (found) {
      var shown = renderer.getNodeDisplayData(found);
      renderer.getCamera().animate({ x: shown.x, y: shown.y, ratio: 0.4 }, { duration: 400 });
    }
    renderer.refresh();
  }

  function showYears() {
    document.getElementById("years-shown").textContent = yearFrom.value + "–" + yearTo.value;
  }

  form.addEventListener("change", function (event) {
    if (event.target === sizeBy || event.target === colourBy) {
      if (graph) {
        style();
      }
      return;
    }
    if (event.target === search) {
      findNode();
      return;
    }
    reload();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (document.activeElement === search) {
      findNode();
    } else {
      reload();
    }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      findNode();
    }
  });
  search.addEventListener("input", function () {
    if (!search.value) {
      findNode();
    }
  });
  if (yearFrom && yearTo) {
    yearFrom.addEventListener("input", function () {
      if (Number(yearFrom.value) > Number(yearTo.value)) {
        yearTo.value = yearFrom.value;
      }
      showYears();
    });
    yearTo.addEventListener("input", function () {
      if (Number(yearTo.value) < Number(yearFrom.value)) {
        yearFrom.value = yearTo.value;
      }
      showYears();
    });
  }
  document.getElementById("tie-close").addEventListener("click", closeTie);

  load();
})();
