// The backward-pass stepper: draws the network from the explanation's JSON (the same numbers as
// `explain --json`) and shows one stage at a time. No library, no network access.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('explain-data').textContent);
  var stages = Array.prototype.slice.call(document.querySelectorAll('#stepper .stage'));
  var svg = document.getElementById('net');
  var NS = 'http://www.w3.org/2000/svg';
  var widths = data.widths;
  var L = widths.length - 1;               // dense layers
  var lecture = data.notation === 'lecture';
  var SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹', SUB = '₀₁₂₃₄₅₆₇₈₉';
  function digits(n, table) { return String(n).split('').map(function (c) { return table[+c]; }).join(''); }
  function wsym(k, j, i) {               // layer k (0-based), into neuron j from input i (0-based)
    return 'w' + digits(k + 1, SUP) + (lecture ? digits(i + 1, SUB) + digits(j + 1, SUB)
                                               : digits(j + 1, SUB) + digits(i + 1, SUB));
  }
  function fmt(v) {                       // 5 significant digits, trailing zeros dropped
    if (v === 0) { return '0'; }
    var a = Math.abs(v);
    var s = (a >= 1e-4 && a < 1e6) ? v.toPrecision(5) : v.toExponential(4);
    if (s.indexOf('e') < 0 && s.indexOf('.') >= 0) { s = s.replace(/0+$/, '').replace(/\.$/, ''); }
    return s.replace(/\.?0+e/, 'e');
  }
  var W = 720, boxW = 112, boxH = 62, span = W - 16 - boxW - 150;
  var maxWidth = Math.max.apply(null, widths);
  var H = Math.max(260, maxWidth * (boxH + 34) + 40);
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  function pos(col, j) {
    var n = widths[col];
    return { x: 8 + boxW / 2 + col * span / L, y: H / 2 + (j - (n - 1) / 2) * (boxH + 34) };
  }
  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { if (attrs.hasOwnProperty(k)) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    (parent || svg).appendChild(e);
    return e;
  }
  function param(k, kind) { return 'layers.' + k + '.' + kind; }
  function maxAbs(getter) {
    var m = 0;
    for (var k = 0; k < L; k++) {
      for (var j = 0; j < widths[k + 1]; j++) {
        for (var i = 0; i < widths[k]; i++) { m = Math.max(m, Math.abs(getter(k, j, i))); }
      }
    }
    return m || 1;
  }
  var w0 = function (k, j, i) { return data.parameters[param(k, 'weight')][j][i]; };
  var g0 = function (k, j, i) { return data.gradients[param(k, 'weight')][j][i]; };
  var w1 = function (k, j, i) { return data.updated[param(k, 'weight')][j][i]; };
  var maxW = maxAbs(w0), maxG = maxAbs(g0), maxW1 = maxAbs(w1);

  function draw(index) {
    var st = stages[index].dataset;
    var kind = st.kind, layer = +st.layer;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    // how far each layer has got: forward done through layer f, backward done down to layer b
    var f = kind === 'network' ? -1 : kind === 'forward' ? layer : L - 1;
    var b = kind === 'backward' ? layer : kind === 'update' ? 0 : L;
    var edges = el('g', {}), labels = el('g', {}), nodes = el('g', {});
    for (var k = 0; k < L; k++) {
      for (var j = 0; j < widths[k + 1]; j++) {
        for (var i = 0; i < widths[k]; i++) {
          var p = pos(k, i), q = pos(k + 1, j);
          var value, scale, text, key, title, faded = false;
          if (kind === 'backward') {
            if (k >= b) {
              value = g0(k, j, i); scale = maxG; text = fmt(value); key = 'grad:' + k + ':' + j + ':' + i;
              title = '∂L/∂' + wsym(k, j, i) + ' = ' + value;
            } else {
              value = w0(k, j, i); scale = maxW; text = fmt(value); key = 'w:' + k + ':' + j + ':' + i; faded = true;
              title = wsym(k, j, i) + ' = ' + value;
            }
          } else if (kind === 'update') {
            value = w1(k, j, i); scale = maxW1; text = fmt(w0(k, j, i)) + ' → ' + fmt(value);
            key = 'update:' + k + ':' + j + ':' + i; title = wsym(k, j, i) + ': ' + w0(k, j, i) + ' → ' + value;
          } else {
            value = w0(k, j, i); scale = maxW; text = wsym(k, j, i) + ' = ' + fmt(value); key = 'w:' + k + ':' + j + ':' + i;
            faded = kind === 'forward' && k > layer; title = wsym(k, j, i) + ' = ' + value;
          }
          var width = 1 + 6 * Math.abs(value) / scale;
          var colour = value >= 0 ? '#2f6fb5' : '#e07b22';
          var x1 = p.x + boxW / 2, x2 = q.x - boxW / 2;
          var line = el('line', { x1: x1, y1: p.y, x2: x2, y2: q.y, stroke: colour, 'stroke-width': width.toFixed(2),
                                  'class': faded ? 'faded' : '' }, edges);
          el('title', {}, line, title);
          // labels start by the source, one row per target neuron, so the labels of one source never overlap
          var label = el('text', { x: (x1 + 5).toFixed(1),
                                   y: (p.y + 4 + (j - (widths[k + 1] - 1) / 2) * 14).toFixed(1),
                                   'class': 'edge-label q' + (faded ? ' faded' : ''), 'data-key': key, fill: colour },
                         labels, text);
          el('title', {}, label, title);
        }
      }
    }
    for (var col = 0; col <= L; col++) {
      for (var n = 0; n < widths[col]; n++) {
        var c = pos(col, n);
        var current = (kind === 'forward' || kind === 'backward') && layer === col - 1
            || kind === 'loss' && col === L;
        var g = el('g', { 'class': 'node' + (col === 0 ? ' input' : '') + (current ? ' current' : '') }, nodes);
        el('rect', { x: c.x - boxW / 2, y: c.y - boxH / 2, width: boxW, height: boxH, rx: 8 }, g);
        var lines = [];
        if (col === 0) {
          lines.push(['x' + digits(n + 1, SUB) + ' = ' + fmt(data.input[n]), 'x:' + n]);
        } else {
          var k2 = col - 1;
          var bias = data.parameters[param(k2, 'bias')][n];
          if (kind === 'update') {
            lines.push(['b ' + fmt(bias) + ' → ' + fmt(data.updated[param(k2, 'bias')][n]), 'updateb:' + k2 + ':' + n, 'small']);
          } else if (k2 > f) {
            lines.push(['b = ' + fmt(bias), 'b:' + k2 + ':' + n]);
          } else {
            lines.push(['z = ' + fmt(data.forward[k2].z[n]), 'z:' + k2 + ':' + n]);
            lines.push(['a = ' + fmt(data.forward[k2].a[n]), 'a:' + k2 + ':' + n]);
            if (kind === 'backward' && k2 >= b) {
              lines.push(['δ = ' + fmt(data.deltas['layers.' + k2][n]), 'delta:' + k2 + ':' + n]);
            }
          }
        }
        lines.forEach(function (line, li) {
          el('text', { x: c.x, y: c.y + (li - (lines.length - 1) / 2) * 16 + 4, 'text-anchor': 'middle',
                       'class': 'q' + (line[2] ? ' ' + line[2] : ''), 'data-key': line[1] }, g, line[0]);
        });
      }
    }
    el('text', { x: 4, y: 14, 'class': 'legend' }, svg,
       kind === 'backward' ? 'edges: ∂L/∂w (blue +, orange −, width ∝ |∂L/∂w|); neurons: z, a, δ = ∂L/∂z'
       : kind === 'update' ? 'edges: w → w′ = w − η·∂L/∂w; neurons: bias b → b′'
       : 'edges: weights w (blue +, orange −, width ∝ |w|); neurons: z = Σ w·x + b, a = f(z)');
    if (kind === 'loss' || kind === 'backward' || kind === 'update') {
      var o = pos(L, (widths[L] - 1) / 2);
      var lx = o.x + boxW / 2 + 14;
      var lg = el('g', { 'class': 'node' + (kind === 'loss' ? ' current' : '') }, nodes);
      el('rect', { x: lx, y: o.y - 30, width: W - lx - 4, height: 60, rx: 8 }, lg);
      el('text', { x: lx + (W - lx) / 2, y: o.y - 6, 'text-anchor': 'middle', 'class': 'q', 'data-key': 'loss' }, lg,
         'L = ' + fmt(data.loss));
      el('text', { x: lx + (W - lx) / 2, y: o.y + 14, 'text-anchor': 'middle' }, lg,
         'y = (' + data.target.map(fmt).join(', ') + ')');
    }
  }

  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(stages.length - 1, index));
    stages.forEach(function (s, i) { s.hidden = i !== current; });
    document.getElementById('stage-title').textContent =
        'Stage ' + (current + 1) + ' of ' + stages.length + ': ' + stages[current].dataset.title;
    document.getElementById('prev').disabled = current === 0;
    document.getElementById('next').disabled = current === stages.length - 1;
    draw(current);
    document.getElementById('stepper').dataset.stage = String(current);
  }
  document.getElementById('prev').addEventListener('click', function () { show(current - 1); });
  document.getElementById('next').addEventListener('click', function () { show(current + 1); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight') { show(current + 1); }
    if (e.key === 'ArrowLeft') { show(current - 1); }
  });
  show(0);
}());
