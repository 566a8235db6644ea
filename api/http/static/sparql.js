// The SPARQL editor page: YASGUI (served from /static/vendor, installed by `make web`) pointed at
// this server's /sparql, with the example queries of api/examples/ one click away.
(function () {
  "use strict";

  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") {
    return;
  }
  var endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  var starter = [
    "PREFIX skg: <https://w3id.org/spacekg/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "",
    "SELECT ?agency ?name ?country WHERE {",
    "  ?agency a skg:SpaceAgency ; rdfs:label ?name .",
    "  OPTIONAL { ?agency skg:country/rdfs:label ?country }",
    "}",
    "ORDER BY ?name",
    "LIMIT 50",
    "",
  ].join("\n");

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "spacekg-yasgui",
    // Class and property completion ask lov.linkeddata.es over the internet: keep to the offline ones.
    yasqe: { value: starter, autocompleters: ["prefixes", "variables"] },
  });
  // A tab restored from an earlier session keeps its endpoint: point every tab at this server.
  Object.keys(yasgui._tabs || {}).forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
  });
  window.spacekgYasgui = yasgui;

  var examples = {};
  fetch(root.dataset.examples)
    .then(function (response) { return response.json(); })
    .then(function (list) {
      list.forEach(function (example) { examples[example.id] = example; });
      document.body.dataset.examplesLoaded = "true";
    });

  function openExample(example) {
    var existing = null;
    Object.keys(yasgui._tabs || {}).forEach(function (id) {
      var tab = yasgui.getTab(id);
      if (tab && tab.getName() === example.title) {
        existing = tab;
      }
    });
    var tab = existing;
    if (tab) {
      yasgui.selectTabId(tab.getId());
    } else {
      tab = yasgui.addTab(true, { name: example.title, requestConfig: { endpoint: endpoint } });
    }
    tab.setQuery(example.query);
    tab.query();
  }

  document.getElementById("examples").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-example]");
    if (button && examples[button.dataset.example]) {
      openExample(examples[button.dataset.example]);
    }
  });
})();
