// Backprop playground: talks to the JVM over a tiny JSON API and a server-sent event stream.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let session = null;
  let state = null;
  let selected = null; // {layer, row, col}
  // what the large heatmap shows: null (the output), {layer, row} (a neuron) or {feature: id} (an input)
  let focus = null;
  let config = {problem: "classification", dataset: "circle", features: ["x1", "x2"], noise: 0, trainRatio: 0.5,
    hidden: [4, 2], activation: "tanh", learningRate: 0.03, batchSize: 10, regularization: "none",
    regularizationRate: 0, seed: 1};

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
    for (const k of ["problem", "dataset", "noise", "trainRatio", "activation", "learningRate", "batchSize",
      "regularization", "regularizationRate", "seed"]) { q.set(k, String(config[k])); }
    q.set("features", config.features.join(","));
    q.set("hidden", config.hidden.join(","));
    for (const k in VIEW) { q.set(k, $(k).checked ? "1" : "0"); }
    return "#" + q.toString();
  }
  function fromHash() {
    if (location.hash.length < 2) { return null; }
    const q = new URLSearchParams(location.hash.substring(1));
    const c = Object.assign({}, config);
    for (const k of ["problem", "dataset", "activation", "regularization"]) { if (q.has(k)) { c[k] = q.get(k); } }
    // a link naming only the problem type gets that type's first dataset (the server chooses it)
    if (q.has("problem") && !q.has("dataset")) { delete c.dataset; }
    if (q.has("features")) { c.features = q.get("features") === "" ? [] : q.get("features").split(","); }
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
      scheduleRender();
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
  // the dataset buttons of the current problem type, from the list the server sends
  let datasetKey = "";
  function datasetButtons() {
    const list = state.datasets.filter((d) => d.problem === config.problem);
    const key = list.map((d) => d.id).join(",");
    if (key !== datasetKey) {
      datasetKey = key;
      const div = $("datasets");
      div.innerHTML = "";
      for (const d of list) {
        const b = document.createElement("button");
        b.textContent = d.id.replace("_", "-");
        b.dataset.dataset = d.id;
        b.onclick = () => {
          document.querySelectorAll("#datasets button").forEach((x) => x.classList.remove("chosen"));
          b.classList.add("chosen");
          config.dataset = d.id;
          sendConfig();
        };
        div.append(b);
      }
    }
    document.querySelectorAll("#datasets button").forEach((b) =>
      b.classList.toggle("chosen", b.dataset.dataset === config.dataset));
  }
  $("problem").onchange = () => { config.problem = $("problem").value; focus = null; sendConfig(); };
  function toggleFeature(id) {
    const on = config.features.includes(id);
    if (on && config.features.length === 1) { $("status").textContent = "the network needs at least one input"; return; }
    const order = state.inputs.map((f) => f.id);
    config.features = order.filter((f) => (f === id ? !on : config.features.includes(f)));
    $("status").textContent = "";
    sendConfig();
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
    datasetButtons();
    $("problem").value = config.problem;
    const regression = config.problem === "regression";
    $("discretize").disabled = regression; // a regression output has no classes to snap to
    $("discretize").parentElement.classList.toggle("disabled", regression);
    $("discretize").parentElement.title = regression ? "no meaning for regression: the output is a number, not a class" : "";
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
  // Events can come faster than frames: draw the latest state once per frame.
  let renderPending = false;
  function scheduleRender() {
    if (renderPending) { return; }
    renderPending = true;
    const run = () => { if (renderPending) { renderPending = false; render(); } };
    requestAnimationFrame(run);
    setTimeout(run, 100); // in case frames are not being drawn (a hidden tab)
  }

  function render() {
    if (state.config) {
      config = state.config;
      syncControls();
    }
    $("play").textContent = state.playing ? "❚❚ Pause" : "▶ Play";
    $("epoch").textContent = state.epoch;
    $("testLoss").textContent = state.testLoss.toFixed(4);
    $("trainLoss").textContent = state.trainLoss.toFixed(4);
    const classification = state.problem === "classification";
    $("accuracyStat").style.display = classification ? "" : "none";
    if (classification) { $("testAccuracy").textContent = (100 * state.testAccuracy).toFixed(1) + "%"; }
    if (focus && focus.layer !== undefined && !(focus.layer < state.layers.length &&
      focus.row < state.layers[focus.layer].heatmaps.length)) { focus = null; }
    drawNetwork();
    neuronButtons();
    drawBoundary();
    drawLoss();
    const h = toHash();
    if (location.hash !== h) { history.replaceState(null, "", location.pathname + location.search + h); }
  }

  function rgb(p) {
    // orange (0) → white (0.5) → blue (1), like TensorFlow Playground
    const o = [245, 147, 34], w = [232, 234, 235], b = [8, 119, 189];
    const t = Math.abs(p - 0.5) * 2, c = p < 0.5 ? o : b;
    return [0, 1, 2].map((i) => Math.round(w[i] + (c[i] - w[i]) * t));
  }
  function colour(p, alpha) {
    const c = rgb(p);
    return "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + alpha + ")";
  }

  // A heatmap from the server: side × side bytes (base64), byte b standing for lo + b·(hi − lo)/255; coloured
  // orange (b = 0) → white → blue (b = 255) whatever lo and hi are.
  const PALETTE = [];
  for (let b = 0; b < 256; b++) { PALETTE.push(rgb(b / 255)); }
  function heatmapCanvas(h, discrete) {
    const bytes = atob(h.cells), cv = document.createElement("canvas");
    cv.width = h.side;
    cv.height = h.side;
    const ctx = cv.getContext("2d"), img = ctx.createImageData(h.side, h.side);
    for (let k = 0; k < bytes.length; k++) {
      let b = bytes.charCodeAt(k);
      if (discrete) { b = b >= 128 ? 255 : 0; }
      const c = PALETTE[b];
      img.data[4 * k] = c[0]; img.data[4 * k + 1] = c[1]; img.data[4 * k + 2] = c[2]; img.data[4 * k + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return cv;
  }
  const thumbnails = new Map(); // cells → data URL (inputs never change; neurons often do not between frames)
  function thumbnail(h, discrete) {
    const key = (discrete ? "d" : "c") + h.cells;
    let url = thumbnails.get(key);
    if (!url) {
      if (thumbnails.size > 400) { thumbnails.clear(); }
      url = heatmapCanvas(h, discrete).toDataURL();
      thumbnails.set(key, url);
    }
    return url;
  }
  const discreteOutput = () => $("discretize").checked && state.problem === "classification";

  // The large heatmap: the output, or the neuron or input pointed at.
  function focused() {
    const n = state.layers.length;
    if (focus && focus.feature) {
      const f = state.inputs.find((i) => i.id === focus.feature);
      return {map: f.heatmap, title: "Input " + f.label + " = " + f.formula + (f.active ? "" : " (switched off)"),
        discrete: false};
    }
    if (focus && focus.layer < n - 1) {
      return {map: state.layers[focus.layer].heatmaps[focus.row], discrete: false,
        title: "Neuron " + (focus.row + 1) + " of hidden layer " + (focus.layer + 1) + ": a = " +
          state.layers[focus.layer].activation + "(z) over the plot"};
    }
    return {map: state.output, discrete: discreteOutput(),
      title: state.problem === "classification" ? "Output: p(class 1) over the plot" : "Output: ŷ over the plot"};
  }

  function drawBoundary() {
    const cv = $("boundary"), ctx = cv.getContext("2d");
    const view = focused();
    $("heatmapTitle").textContent = view.title;
    // the output is drawn cell by cell; a neuron's or input's thumbnail (half the cells) is smoothed
    ctx.imageSmoothingEnabled = view.map.side < state.grid;
    ctx.drawImage(heatmapCanvas(view.map, view.discrete), 0, 0, cv.width, cv.height);
    const classification = state.problem === "classification";
    $("outputLegend").innerHTML = (classification
      ? "Colour: p(class 1), <span class=\"pos\">blue</span> = 1, <span class=\"neg\">orange</span> = 0."
      : "Colour: the value, <span class=\"neg\">orange</span> −1, white 0, <span class=\"pos\">blue</span> +1 " +
        "(points: their target y; loss: mean squared error).") +
      " White rim: training points; black rim: test points. Axes: the plot's coordinates, −6 to 6 (the network" +
      " sees them divided by 6).";
    const e = state.extent, sx = (x) => (x + e) / (2 * e) * cv.width, sy = (y) => (e - y) / (2 * e) * cv.height;
    for (const p of state.points) {
      if (p[3] !== 1 && !$("showTest").checked) { continue; }
      ctx.beginPath();
      ctx.arc(sx(p[0]), sy(p[1]), 3, 0, 2 * Math.PI);
      ctx.fillStyle = classification ? (p[2] === 1 ? "#0877bd" : "#f59322")
        : colour(Math.max(0, Math.min(1, (p[2] + 1) / 2)), 1);
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
    ctx.fillText("loss (" + state.lossName + ")", 0, 0);
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

  // The network: every input feature (on or off) on the left, then each layer; each node a heatmap thumbnail.
  let geometry = null;
  const NODE = 26, ROW = 36;
  function drawNetwork() {
    const svg = $("network");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    const active = state.inputs.filter((f) => f.active).map((f) => state.inputs.indexOf(f));
    const widths = [state.inputs.length].concat(state.layers.map((l) => l.biases.length));
    const W = Math.max(320, Math.round(svg.getBoundingClientRect().width) || 480);
    const H = Math.max(220, Math.max.apply(null, widths) * ROW + 30);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("height", String(H));
    const left = 66;
    const colX = (k) => left + k * (W - left - 30) / (widths.length - 1);
    const rowY = (k, j) => H / 2 + (j - (widths[k] - 1) / 2) * ROW;
    // the row of input column i of the first layer's weights: the i-th feature switched on
    const srcY = (k, i) => (k === 0 ? rowY(0, active[i]) : rowY(k, i));
    geometry = {W: W, colX: colX};
    const grads = $("showGradients").checked && state.layers.every((l) => l.weightGradients && l.weightGradients.length);
    $("networkLegend").innerHTML = grads
      ? "Edge width ∝ |∂L/∂w| of the last batch, <span class=\"pos\">blue</span> positive, <span class=\"neg\">orange</span>" +
        " negative (a step against it lowers the loss); neuron frame: δ. Click an edge."
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
          const a = {x1: colX(k) + NODE / 2, y1: srcY(k, i), x2: colX(k + 1) - NODE / 2, y2: rowY(k + 1, j)};
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
    const square = (x, y) => ({x: x - NODE / 2, y: y - NODE / 2, width: NODE, height: NODE});
    const hover = (node, f) => {
      node.addEventListener("mouseenter", () => { focus = f; drawBoundary(); });
      node.addEventListener("mouseleave", () => { focus = null; drawBoundary(); });
    };
    state.inputs.forEach((f, j) => {
      const x = colX(0), y = rowY(0, j), off = f.active ? "" : " off";
      svg.append(el("image", Object.assign({class: "heatmap" + off, "data-feature": f.id, href: thumbnail(f.heatmap, false),
        preserveAspectRatio: "none"}, square(x, y))));
      const node = el("rect", Object.assign({class: "input" + off, "data-feature": f.id}, square(x, y)));
      const t = el("title", {});
      t.textContent = f.label + " = " + f.formula + (f.active ? " (on; click to switch off)" : " (off; click to switch on)");
      node.append(t);
      node.addEventListener("click", () => toggleFeature(f.id));
      hover(node, {feature: f.id});
      svg.append(node);
      const label = el("text", {class: "inputLabel" + off, x: x - NODE / 2 - 5, y: y + 4, "text-anchor": "end"});
      label.textContent = f.label;
      svg.append(label);
    });
    state.layers.forEach((l, k) => {
      const last = k === state.layers.length - 1;
      l.heatmaps.forEach((h, j) => {
        const x = colX(k + 1), y = rowY(k + 1, j);
        svg.append(el("image", Object.assign({class: "heatmap", "data-layer": k + 1, "data-row": j,
          href: thumbnail(h, last && discreteOutput()), preserveAspectRatio: "none"}, square(x, y))));
        const attrs = Object.assign({class: "node", "data-layer": k + 1, "data-row": j}, square(x, y));
        if (grads && maxD > 0) {
          attrs.style = "stroke:" + colour(0.5 + 0.5 * l.biasGradients[j] / maxD, 1) + ";stroke-width:4";
        }
        const node = el("rect", attrs);
        const bt = el("title", {});
        bt.textContent = (last ? "output" : "neuron " + (j + 1) + " of hidden layer " + (k + 1)) + ", bias " +
          l.biases[j].toFixed(4) + (grads ? ", δ (batch) = " + l.biasGradients[j].toPrecision(4) : "") +
          "; click for the bias's gradient";
        node.append(bt);
        node.addEventListener("click", () => explain(k, j, -1));
        hover(node, last ? null : {layer: k, row: j});
        svg.append(node);
      });
    });
  }

  async function explain(layer, row, col) {
    selected = {layer: layer, row: row, col: col};
    drawNetwork();
    const r = await fetch("api/explain?session=" + session + "&layer=" + layer + "&row=" + row + "&col=" + col);
    const j = await r.json();
    if (!r.ok) { $("gradient").textContent = j.error; return; }
    const ex = j.example, plot = ex.plot, sub = "₀₁₂₃₄₅₆₇₈₉";
    // input i of the formula is the i-th feature switched on: x₁ = x₁/6, or x₁ = x₁² = (x₁/6)², …
    const inputs = ex.x.map((v, i) => [...new Set(["x" + sub[i + 1], ex.features[i], ex.formulas[i]])].join(" = ") +
      " = " + v.toFixed(3)).join(", ");
    $("gradient").textContent =
      j.formula + "\n" +
      "  (one example: the point (" + plot[0].toFixed(2) + ", " + plot[1].toFixed(2) + ") of the plot; the network's " +
      "inputs are its features: " + inputs + "; y = " + (j.problem === "classification" ? ex.y : ex.y.toFixed(4)) +
      (j.problem === "classification" ? "; BCE on the sigmoid output, so δ at the output is ŷ−y)\n"
        : "; squared error (ŷ−y)² on the identity output, so δ at the output is 2(ŷ−y))\n") +
      "finite difference: " + j.numeric.toPrecision(6) + "\n" +
      "last batch gradient (recorded by training): " + j.batchGradient.toPrecision(6) + "\n" +
      (col < 0 ? "bias" : "weight") + " now: " + j.weight.toPrecision(6) + " at epoch " + j.epoch;
  }

  start();
})();
