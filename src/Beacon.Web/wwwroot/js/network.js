// Draws the association map (Features/Mace/Network.cshtml) with Cytoscape.js from the JSON the page carries.
// The tables on the page hold the same information for anyone not using the drawing.
(function () {
  "use strict";
  var container = document.getElementById("network");
  var data = document.getElementById("network-data");
  if (!container || !data || typeof window.cytoscape !== "function") {
    return;
  }

  // Cytoscape adds a <style> element (".__________cytoscape_container { position: relative }") unless one with its id
  // exists; Beacon's Content-Security-Policy forbids inline styles, and beacon.css already positions .beacon-network.
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var marker = document.createElement("meta");
    marker.id = "__________cytoscape_stylesheet";
    document.head.appendChild(marker);
  }

  var network = JSON.parse(data.textContent);
  var shared = {};
  network.shared.forEach(function (s) { shared[s.id] = true; });
  var maxDegree = Math.max(1, Math.max.apply(null, network.nodes.map(function (n) { return n.degree; }).concat([1])));
  var elements = network.nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, href: n.href, size: 24 + 24 * (n.degree / maxDegree) }, classes: n.kind + (shared[n.id] ? " shared" : "") };
  }).concat(network.edges.map(function (e) {
    return { group: "edges", data: { id: "link-" + e.id, source: e.source, target: e.target, label: e.type.replace(/-/g, " ") } };
  }));

  var cy = window.cytoscape({
    container: container,
    elements: elements,
    layout: network.nodes.length > 1
      ? { name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 70; }, nodeOverlap: 30, padding: 30, componentSpacing: 60, numIter: 2500 }
      : { name: "grid", padding: 40 },
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 130, "text-background-color": "#ffffff", "text-background-opacity": 0.8, color: "#0b0c0c" } },
      { selector: "node.child", style: { "background-color": "#1d70b8", shape: "ellipse" } },
      { selector: "node.adult", style: { "background-color": "#d4351c", shape: "round-rectangle" } },
      { selector: "node.location", style: { "background-color": "#00703c", shape: "diamond" } },
      { selector: "node.shared", style: { "border-width": 5, "border-color": "#ffdd00" } },
      { selector: "edge", style: { width: 2, "line-color": "#505a5f", label: "data(label)", "font-size": 9, color: "#505a5f", "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 1, "curve-style": "bezier" } },
    ],
  });

  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) {
      window.location.href = href;
    }
  });

  var image = document.getElementById("network-image");
  if (image) {
    image.hidden = false;
    image.addEventListener("click", function () {
      image.href = cy.png({ full: true, bg: "#ffffff", scale: 2 });
    });
  }

  window.beaconNetwork = cy;
})();
