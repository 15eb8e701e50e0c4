// Backprop playground: talks to the JVM over a tiny JSON API and a server-sent event stream.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let session = null;
  let state = null;
  let selected = null; // {layer, row, col}
  let config = {dataset: "circle", noise: 0, trainRatio: 0.5, hidden: [4, 2], activation: "tanh",
    learningRate: 0.03, batchSize: 10, regularization: "none", regularizationRate: 0, seed: 1};

  async function post(route, body) {
    const r = await fetch("api/" + route + (session ? "?session=" + session : ""), {
      method: "POST", headers: {"Content-Type": "application/json"}, body: body ? JSON.stringify(body) : ""});
    const j = await r.json();
    if (!r.ok) { $("status").textContent = j.error || ("error " + r.status); }
    return j;
  }

  // The whole setup lives in the URL's fragment (#dataset=xor&hidden=4,2&…), so a link reproduces it.
  const VIEW = {showTest: true, discretize: false, showGradients: false};
  function toHash() {
    const q = new URLSearchParams();
    for (const k of ["dataset", "noise", "trainRatio", "activation", "learningRate", "batchSize", "regularization",
      "regularizationRate", "seed"]) { q.set(k, String(config[k])); }
    q.set("hidden", config.hidden.join(","));
    for (const k in VIEW) { q.set(k, $(k).checked ? "1" : "0"); }
    return "#" + q.toString();
  }
  function fromHash() {
    if (location.hash.length < 2) { return null; }
    const q = new URLSearchParams(location.hash.substring(1));
    const c = Object.assign({}, config);
    for (const k of ["dataset", "activation", "regularization"]) { if (q.has(k)) { c[k] = q.get(k); } }
    for (const k of ["noise", "trainRatio", "learningRate", "batchSize", "regularizationRate", "seed"]) {
      if (q.has(k) && q.get(k) !== "" && !isNaN(Number(q.get(k)))) { c[k] = Number(q.get(k)); }
    }
    if (q.has("hidden")) { c.hidden = q.get("hidden") === "" ? [] : q.get("hidden").split(",").map(Number); }
    for (const k in VIEW) { if (q.has(k)) { $(k).checked = q.get(k) === "1"; } }
    return c;
  }

  async function start() {
    // ?session=ID re-attaches to a running session (after a reload); otherwise a new one is made
    const asked = new URLSearchParams(location.search).get("session");
    const linked = fromHash();
    session = asked || (await post("session")).id;
    if (linked && !asked) { config = linked; await post("config", config); }
    const events = new EventSource("api/events?session=" + session);
    events.onmessage = (e) => {
      const s = JSON.parse(e.data);
      if (s.error) { $("status").textContent = s.error; return; }
      state = s;
      render();
    };
    events.onerror = () => { $("status").textContent = "connection lost; retrying…"; };
    events.onopen = () => { $("status").textContent = ""; };
  }

  function sendConfig() {
    selected = null;
    $("gradient").textContent = "Click a weight to see its last gradient as chain-rule factors.";
    post("config", config);
  }

  // ------------------------------------------------------------ controls
  $("play").onclick = () => post(state && state.playing ? "pause" : "play");
  $("step").onclick = () => post("step");
  $("reset").onclick = () => { selected = null; post("reset"); };
  for (const b of document.querySelectorAll("#datasets button")) {
    b.onclick = () => {
      document.querySelectorAll("#datasets button").forEach((x) => x.classList.remove("chosen"));
      b.classList.add("chosen");
      config.dataset = b.dataset.dataset;
      sendConfig();
    };
  }
  function slider(id, scale, key) {
    $(id).oninput = () => { $(id + "Value").textContent = $(id).value; };
    $(id).onchange = () => { config[key] = Number($(id).value) * scale; sendConfig(); };
  }
  slider("trainRatio", 0.01, "trainRatio");
  slider("noise", 0.01, "noise");
  slider("batchSize", 1, "batchSize");
  for (const id of ["learningRate", "regularizationRate"]) {
    $(id).onchange = () => { config[id] = Number($(id).value); sendConfig(); };
  }
  for (const id of ["activation", "regularization"]) {
    $(id).onchange = () => { config[id] = $(id).value; sendConfig(); };
  }
  for (const k in VIEW) { $(k).onchange = () => { if (state) { render(); } }; }
  $("explainPage").onclick = (e) => { e.preventDefault(); window.open("api/explain-page?session=" + session, "_blank"); };
  $("addLayer").onclick = () => { if (config.hidden.length < 6) { config.hidden.push(2); sendConfig(); } };
  $("removeLayer").onclick = () => { if (config.hidden.length > 0) { config.hidden.pop(); sendConfig(); } };

  // Shows the session's settings in the controls (they may come from another tab or a reload).
  function syncControls() {
    document.querySelectorAll("#datasets button").forEach((b) =>
      b.classList.toggle("chosen", b.dataset.dataset === config.dataset));
    const pct = (v) => String(Math.round(v * 100));
    for (const [id, value] of [["trainRatio", pct(config.trainRatio)], ["noise", pct(config.noise)],
      ["batchSize", String(config.batchSize)]]) {
      if (document.activeElement !== $(id)) { $(id).value = value; $(id + "Value").textContent = value; }
    }
    for (const id of ["learningRate", "regularizationRate", "activation", "regularization"]) {
      const sel = $(id);
      for (const o of sel.options) {
        const v = o.value;
        if (typeof config[id] === "number" ? Number(v) === config[id] : v === config[id]) { sel.value = v; }
      }
    }
  }

  function neuronButtons() {
    const div = $("neuronButtons");
    div.innerHTML = "";
    config.hidden.forEach((n, i) => {
      const span = document.createElement("span");
      const minus = document.createElement("button");
      minus.textContent = "−";
      minus.onclick = () => { if (config.hidden[i] > 1) { config.hidden[i]--; sendConfig(); } };
      const plus = document.createElement("button");
      plus.textContent = "+";
      plus.onclick = () => { if (config.hidden[i] < 8) { config.hidden[i]++; sendConfig(); } };
      span.append(minus, document.createTextNode(" " + n + " "), plus);
      span.style.left = (geometry ? geometry.colX(i + 1) / geometry.W * 100 : 0) + "%";
      span.dataset.layer = String(i);
      div.append(span);
    });
    $("layerCount").textContent = config.hidden.length;
  }

  // ------------------------------------------------------------ rendering
  function render() {
    if (state.config) {
      config = state.config;
      syncControls();
    }
    $("play").textContent = state.playing ? "❚❚ Pause" : "▶ Play";
    $("epoch").textContent = state.epoch;
    $("testLoss").textContent = state.testLoss.toFixed(4);
    $("trainLoss").textContent = state.trainLoss.toFixed(4);
    drawNetwork();
    neuronButtons();
    drawBoundary();
    drawLoss();
    const h = toHash();
    if (location.hash !== h) { history.replaceState(null, "", location.pathname + location.search + h); }
  }

  function colour(p, alpha) {
    // orange (0) → white (0.5) → blue (1), like TensorFlow Playground
    const o = [245, 147, 34], w = [232, 234, 235], b = [8, 119, 189];
    const t = Math.abs(p - 0.5) * 2, c = p < 0.5 ? o : b;
    const mix = (i) => Math.round(w[i] + (c[i] - w[i]) * t);
    return "rgba(" + mix(0) + "," + mix(1) + "," + mix(2) + "," + alpha + ")";
  }

  function drawBoundary() {
    const cv = $("boundary"), ctx = cv.getContext("2d");
    const n = state.grid, cell = cv.width / n;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const p = state.boundary[r * n + c];
        ctx.fillStyle = colour($("discretize").checked ? (p >= 0.5 ? 1 : 0) : p, 1);
        ctx.fillRect(c * cell, r * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    const e = state.extent, sx = (x) => (x + e) / (2 * e) * cv.width, sy = (y) => (e - y) / (2 * e) * cv.height;
    for (const p of state.points) {
      if (p[3] !== 1 && !$("showTest").checked) { continue; }
      ctx.beginPath();
      ctx.arc(sx(p[0]), sy(p[1]), 3, 0, 2 * Math.PI);
      ctx.fillStyle = p[2] === 1 ? "#0877bd" : "#f59322";
      ctx.strokeStyle = p[3] === 1 ? "#fff" : "#000";
      ctx.lineWidth = p[3] === 1 ? 1 : 1.5;
      ctx.fill();
      ctx.stroke();
    }
  }

  function drawLoss() {
    const cv = $("lossChart"), ctx = cv.getContext("2d"), h = state.history;
    ctx.clearRect(0, 0, cv.width, cv.height);
    const L = 40, R = 8, T = 16, B = 26, pw = cv.width - L - R, ph = cv.height - T - B;
    let max = 0;
    for (const p of h) { max = Math.max(max, p[1], p[2]); }
    max = max || 1;
    const last = h[h.length - 1][0] || 1;
    const px = (e) => L + e / last * pw, py = (v) => T + ph - v / max * ph;
    ctx.strokeStyle = "#999";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(L, T); ctx.lineTo(L, T + ph); ctx.lineTo(L + pw, T + ph);
    ctx.stroke();
    ctx.fillStyle = "#555";
    ctx.font = "10px sans-serif";
    ctx.textAlign = "right";
    for (const v of [0, max / 2, max]) { ctx.fillText(v.toPrecision(2), L - 4, py(v) + 3); }
    ctx.textAlign = "center";
    const step = Math.max(1, Math.ceil(last / 4));
    for (let e = 0; e <= last; e += step) { ctx.fillText(String(e), px(e), T + ph + 12); }
    ctx.fillText("epoch", L + pw / 2, cv.height - 2);
    ctx.save();
    ctx.translate(10, T + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("loss", 0, 0);
    ctx.restore();
    const line = (k, col) => {
      ctx.beginPath();
      h.forEach((p, i) => {
        if (i === 0) { ctx.moveTo(px(p[0]), py(p[k])); } else { ctx.lineTo(px(p[0]), py(p[k])); }
      });
      ctx.strokeStyle = col;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    };
    line(1, "#999");
    line(2, "#222");
    ctx.textAlign = "left";
    ctx.fillStyle = "#666";
    ctx.fillText("test (black), training (grey)", L + 4, 10);
  }

  const SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) { e.setAttribute(k, attrs[k]); }
    return e;
  }

  let geometry = null;
  function drawNetwork() {
    const svg = $("network");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    const widths = [2].concat(state.layers.map((l) => l.biases.length));
    const W = Math.max(320, Math.round(svg.getBoundingClientRect().width) || 480);
    const H = Math.max(220, Math.max.apply(null, widths) * 38 + 30);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("height", String(H));
    const colX = (k) => 40 + k * (W - 80) / (widths.length - 1);
    const rowY = (k, j) => H / 2 + (j - (widths[k] - 1) / 2) * 38;
    geometry = {W: W, colX: colX};
    const grads = $("showGradients").checked && state.layers.every((l) => l.weightGradients && l.weightGradients.length);
    $("networkLegend").innerHTML = grads
      ? "Edge width ∝ |∂L/∂w| of the last batch, <span class=\"pos\">blue</span> positive, <span class=\"neg\">orange</span>" +
        " negative (a step against it lowers the loss); neuron fill: δ. Click an edge."
      : "Edge width ∝ |w|, <span class=\"pos\">blue</span> positive, <span class=\"neg\">orange</span> negative. Click an edge.";
    let maxW = 0, maxD = 0;
    state.layers.forEach((l) => {
      (grads ? l.weightGradients : l.weights).forEach((r) => r.forEach((w) => { maxW = Math.max(maxW, Math.abs(w)); }));
      if (grads) { l.biasGradients.forEach((d) => { maxD = Math.max(maxD, Math.abs(d)); }); }
    });
    state.layers.forEach((l, k) => {
      l.weights.forEach((row, j) => {
        row.forEach((w, i) => {
          const v = grads ? l.weightGradients[j][i] : w;
          const a = {x1: colX(k), y1: rowY(k, i), x2: colX(k + 1), y2: rowY(k + 1, j)};
          const isSel = selected && selected.layer === k && selected.row === j && selected.col === i;
          svg.append(el("line", Object.assign({class: "edge" + (isSel ? " selected" : ""),
            stroke: v >= 0 ? "#0877bd" : "#f59322", "stroke-width": 0.5 + 6 * Math.abs(v) / (maxW || 1)}, a)));
          const hit = el("line", Object.assign({class: "weight", "data-layer": k, "data-row": j, "data-col": i}, a));
          const title = el("title", {});
          title.textContent = "w" + (k + 1) + "[" + (j + 1) + "][" + (i + 1) + "] = " + w.toFixed(4) +
            (l.weightGradients && l.weightGradients.length ? ", ∂L/∂w = " + l.weightGradients[j][i].toPrecision(4) : "");
          hit.append(title);
          hit.addEventListener("click", () => explain(k, j, i));
          svg.append(hit);
        });
      });
    });
    widths.forEach((n, k) => {
      for (let j = 0; j < n; j++) {
        let fill = "#fff";
        if (grads && k > 0 && maxD > 0) { fill = colour(0.5 + 0.5 * state.layers[k - 1].biasGradients[j] / maxD, 1); }
        const g = el("circle", {cx: colX(k), cy: rowY(k, j), r: 11, fill: fill, stroke: "#555",
          "data-layer": k, "data-row": j});
        svg.append(g);
        const label = el("text", {x: colX(k), y: rowY(k, j) + 4, "text-anchor": "middle", "font-size": 10});
        if (k === 0) { label.textContent = j === 0 ? "x₁" : "x₂"; } else if (k > 0) {
          const b = state.layers[k - 1].biases[j];
          label.textContent = "";
          const bt = el("title", {});
          bt.textContent = "bias " + b.toFixed(4) + (grads ? ", δ (batch) = " + state.layers[k - 1].biasGradients[j].toPrecision(4) : "");
          g.append(bt);
          g.style.cursor = "pointer";
          g.addEventListener("click", () => explain(k - 1, j, -1));
        }
        svg.append(label);
      }
    });
  }

  async function explain(layer, row, col) {
    selected = {layer: layer, row: row, col: col};
    drawNetwork();
    const r = await fetch("api/explain?session=" + session + "&layer=" + layer + "&row=" + row + "&col=" + col);
    const j = await r.json();
    if (!r.ok) { $("gradient").textContent = j.error; return; }
    const x = j.example.x, plot = j.example.plot;
    $("gradient").textContent =
      j.formula + "\n" +
      "  (one example: x = (" + x[0].toFixed(3) + ", " + x[1].toFixed(3) + ") as the network sees it, the point (" +
      plot[0].toFixed(2) + ", " + plot[1].toFixed(2) + ") of the plot divided by 6; y = " + j.example.y +
      "; BCE on the sigmoid output, so δ at the output is ŷ−y)\n" +
      "finite difference: " + j.numeric.toPrecision(6) + "\n" +
      "last batch gradient (recorded by training): " + j.batchGradient.toPrecision(6) + "\n" +
      (col < 0 ? "bias" : "weight") + " now: " + j.weight.toPrecision(6) + " at epoch " + j.epoch;
  }

  start();
})();
