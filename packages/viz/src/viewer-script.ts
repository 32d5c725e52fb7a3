/**
 * The report's 3-D viewer, plain browser JavaScript (no dependencies, no network): WebGL 2 (or WebGL 1 with
 * `OES_element_index_uint`) with a Canvas 2D z-buffered point fallback when WebGL is unavailable. Orbit controls:
 * drag = rotate, wheel = zoom, shift/right-drag = pan, double-click = reset. Colour by RGB / height / confidence.
 * Data comes from `<script type="application/json" id="scene-data">`; state is exposed as `window.aquamvsViewer`.
 */
export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataEl = document.getElementById('scene-data');
  var canvas = document.getElementById('viewer');
  if (!dataEl || !canvas) return;
  var scene = JSON.parse(dataEl.textContent);
  function b64(s, Type) {
    var bin = atob(s); var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }
  function load(g) {
    if (!g) return null;
    return {
      positions: b64(g.positions, Float32Array),
      colors: g.colors ? b64(g.colors, Uint8Array) : null,
      normals: g.normals ? b64(g.normals, Float32Array) : null,
      confidence: g.confidence ? b64(g.confidence, Float32Array) : null,
      faces: g.faces ? b64(g.faces, Uint32Array) : null,
    };
  }
  var geoms = { cloud: load(scene.cloud), mesh: load(scene.mesh) };
  var lut = { viridis: scene.viridis, plasma: scene.plasma };
  var state = { object: geoms.cloud ? 'cloud' : 'mesh', mode: 'rgb', renderer: 'none', draws: 0, pointSize: 2 };
  window.aquamvsViewer = state;
  // Bounds and orbit camera (world +Z is down: "up" on screen is -Z).
  var lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  ['cloud', 'mesh'].forEach(function (k) {
    var g = geoms[k]; if (!g) return;
    for (var i = 0; i < g.positions.length; i++) { var a = i % 3; var v = g.positions[i];
      if (v < lo[a]) lo[a] = v; if (v > hi[a]) hi[a] = v; }
  });
  var center = [0, 1, 2].map(function (a) { return (lo[a] + hi[a]) / 2; });
  var radius = Math.max(1e-6, Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2);
  var cam = {};
  function resetCamera() { cam.yaw = -Math.PI / 2; cam.pitch = 0.75; cam.dist = radius * 1.7; cam.target = center.slice(); }
  resetCamera();
  function eyeBasis() {
    // Spherical around target; pitch > 0 looks down from above (-Z).
    var cp = Math.cos(cam.pitch), sp = Math.sin(cam.pitch);
    var dir = [cp * Math.cos(cam.yaw), cp * Math.sin(cam.yaw), -sp];
    var eye = [cam.target[0] + dir[0] * cam.dist, cam.target[1] + dir[1] * cam.dist, cam.target[2] + dir[2] * cam.dist];
    var f = norm([-dir[0], -dir[1], -dir[2]]);
    var r = norm(cross(f, [0, 0, -1]));
    var u = cross(r, f);
    return { eye: eye, f: f, r: r, u: u };
  }
  function cross(a, b) { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
  function norm(a) { var n = Math.hypot(a[0], a[1], a[2]) || 1; return [a[0] / n, a[1] / n, a[2] / n]; }
  function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  function matrices() {
    var b = eyeBasis(); var w = canvas.width, h = canvas.height;
    var near = cam.dist / 100, far = cam.dist + radius * 4;
    var t = 1 / Math.tan(Math.PI / 6), a = w / h;
    // Column-major view-projection matrix.
    var view = [b.r[0], b.u[0], -b.f[0], 0, b.r[1], b.u[1], -b.f[1], 0, b.r[2], b.u[2], -b.f[2], 0,
      -dot(b.r, b.eye), -dot(b.u, b.eye), dot(b.f, b.eye), 1];
    var proj = [t / a, 0, 0, 0, 0, t, 0, 0, 0, 0, (far + near) / (near - far), -1, 0, 0, (2 * far * near) / (near - far), 0];
    var m = new Float32Array(16);
    for (var c = 0; c < 4; c++) for (var r = 0; r < 4; r++) {
      var s = 0; for (var k = 0; k < 4; k++) s += proj[k * 4 + r] * view[c * 4 + k]; m[c * 4 + r] = s;
    }
    return { mvp: m, basis: b, t: t, a: a };
  }
  function colorsFor(g) {
    var n = g.positions.length / 3; var out = new Uint8Array(n * 3); var i, k;
    if (state.mode === 'rgb' && g.colors) return g.colors;
    if (state.mode === 'confidence' && g.confidence) {
      for (i = 0; i < n; i++) { var c = g.confidence[i];
        if (!(c >= 0)) { out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = 204; continue; }
        k = Math.max(0, Math.min(255, Math.round(c * 255)));
        out[3 * i] = lut.plasma[3 * k]; out[3 * i + 1] = lut.plasma[3 * k + 1]; out[3 * i + 2] = lut.plasma[3 * k + 2]; }
      return out;
    }
    if (state.mode === 'rgb') { out.fill(180); return out; }
    var zl = lo[2], zh = hi[2];
    for (i = 0; i < n; i++) {
      k = zh > zl ? Math.round(((g.positions[3 * i + 2] - zl) / (zh - zl)) * 255) : 128;
      out[3 * i] = lut.viridis[3 * k]; out[3 * i + 1] = lut.viridis[3 * k + 1]; out[3 * i + 2] = lut.viridis[3 * k + 2];
    }
    return out;
  }
  // --- WebGL renderer ---
  var gl = null, prog = null, buffers = {}, uintExt = true;
  try {
    var opts = { preserveDrawingBuffer: true, antialias: true };
    gl = canvas.getContext('webgl2', opts);
    if (gl) state.renderer = 'webgl2';
    else { gl = canvas.getContext('webgl', opts) || canvas.getContext('experimental-webgl', opts);
      if (gl) { state.renderer = 'webgl'; uintExt = !!gl.getExtension('OES_element_index_uint'); } }
  } catch (e) { gl = null; }
  function compile(type, src) { var s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s)); return s; }
  if (gl) {
    try {
      prog = gl.createProgram();
      gl.attachShader(prog, compile(gl.VERTEX_SHADER,
        'attribute vec3 pos; attribute vec3 col; attribute vec3 nrm; uniform mat4 mvp; uniform float size; uniform float lit;' +
        'uniform vec3 light; varying vec3 vcol;' +
        'void main(){ gl_Position = mvp * vec4(pos, 1.0); gl_PointSize = size;' +
        ' float s = lit > 0.5 ? 0.35 + 0.65 * abs(dot(normalize(nrm), light)) : 1.0; vcol = col / 255.0 * s; }'));
      gl.attachShader(prog, compile(gl.FRAGMENT_SHADER,
        'precision mediump float; varying vec3 vcol; void main(){ gl_FragColor = vec4(vcol, 1.0); }'));
      gl.linkProgram(prog);
      if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(prog));
    } catch (e) { console.warn('WebGL unavailable, using the 2D fallback: ' + e); gl = null; state.renderer = 'none'; }
  }
  function upload(key) {
    var g = geoms[key]; if (!g) return;
    var b = buffers[key] || (buffers[key] = {});
    if (!b.pos) { b.pos = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, b.pos); gl.bufferData(gl.ARRAY_BUFFER, g.positions, gl.STATIC_DRAW);
      if (g.normals) { b.nrm = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, b.nrm); gl.bufferData(gl.ARRAY_BUFFER, g.normals, gl.STATIC_DRAW); }
      if (g.faces && uintExt) { b.idx = gl.createBuffer(); gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, b.idx); gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, g.faces, gl.STATIC_DRAW); }
      b.col = gl.createBuffer(); }
    gl.bindBuffer(gl.ARRAY_BUFFER, b.col); gl.bufferData(gl.ARRAY_BUFFER, colorsFor(g), gl.DYNAMIC_DRAW);
    b.mode = state.mode;
  }
  function meshNormals(g) {
    if (g.normals) return;
    var n = new Float32Array(g.positions.length), p = g.positions, f = g.faces;
    for (var i = 0; i < f.length; i += 3) { var a = 3 * f[i], b = 3 * f[i + 1], c = 3 * f[i + 2];
      var nn = cross([p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]], [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]]);
      for (var k = 0; k < 3; k++) { n[a + k] += nn[k]; n[b + k] += nn[k]; n[c + k] += nn[k]; } }
    g.normals = n;
  }
  if (geoms.mesh && geoms.mesh.faces) meshNormals(geoms.mesh);
  function drawGL() {
    var key = state.object, g = geoms[key]; var m = matrices();
    gl.viewport(0, 0, canvas.width, canvas.height); gl.clearColor(1, 1, 1, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT); gl.enable(gl.DEPTH_TEST);
    if (!g) return;
    var b = buffers[key]; if (!b || b.mode !== state.mode) { upload(key); b = buffers[key]; }
    gl.useProgram(prog);
    gl.uniformMatrix4fv(gl.getUniformLocation(prog, 'mvp'), false, m.mvp);
    gl.uniform1f(gl.getUniformLocation(prog, 'size'), state.pointSize);
    var isMesh = key === 'mesh' && !!g.faces && uintExt;
    gl.uniform1f(gl.getUniformLocation(prog, 'lit'), isMesh && b.nrm ? 1 : 0);
    gl.uniform3fv(gl.getUniformLocation(prog, 'light'), new Float32Array(norm([0.3, 0.5, 1])));
    function attr(name, buf, size, type, normalized) { var loc = gl.getAttribLocation(prog, name); if (loc < 0) return;
      if (!buf) { gl.disableVertexAttribArray(loc); gl.vertexAttrib3f(loc, 0, 0, 1); return; }
      gl.bindBuffer(gl.ARRAY_BUFFER, buf); gl.enableVertexAttribArray(loc); gl.vertexAttribPointer(loc, size, type, normalized, 0, 0); }
    attr('pos', b.pos, 3, gl.FLOAT, false); attr('col', b.col, 3, gl.UNSIGNED_BYTE, false); attr('nrm', b.nrm, 3, gl.FLOAT, false);
    if (isMesh) { gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, b.idx); gl.drawElements(gl.TRIANGLES, g.faces.length, gl.UNSIGNED_INT, 0); }
    else gl.drawArrays(gl.POINTS, 0, g.positions.length / 3);
  }
  // --- Canvas 2D fallback: z-buffered square splats ---
  var ctx2d = null, zbuf = null, img = null;
  function draw2D() {
    if (!ctx2d) { ctx2d = canvas.getContext('2d'); state.renderer = '2d'; }
    var w = canvas.width, h = canvas.height;
    if (!img || img.width !== w || img.height !== h) { img = ctx2d.createImageData(w, h); zbuf = new Float32Array(w * h); }
    var d = img.data; d.fill(255); zbuf.fill(Infinity);
    var g = geoms[state.object]; if (!g) { ctx2d.putImageData(img, 0, 0); return; }
    var m = matrices(), b = m.basis, col = colorsFor(g), p = g.positions, f = (h / 2) * m.t, r = Math.max(0, Math.round(state.pointSize / 2) - 1);
    for (var i = 0; i < p.length / 3; i++) {
      var dx = p[3 * i] - b.eye[0], dy = p[3 * i + 1] - b.eye[1], dz = p[3 * i + 2] - b.eye[2];
      var z = dx * b.f[0] + dy * b.f[1] + dz * b.f[2]; if (!(z > 1e-6)) continue;
      var x = Math.round(w / 2 + (f * (dx * b.r[0] + dy * b.r[1] + dz * b.r[2])) / z);
      var y = Math.round(h / 2 - (f * (dx * b.u[0] + dy * b.u[1] + dz * b.u[2])) / z);
      for (var yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) for (var xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
        var q = yy * w + xx; if (z >= zbuf[q]) continue; zbuf[q] = z;
        d[4 * q] = col[3 * i]; d[4 * q + 1] = col[3 * i + 1]; d[4 * q + 2] = col[3 * i + 2]; d[4 * q + 3] = 255; }
    }
    ctx2d.putImageData(img, 0, 0);
  }
  var pending = false;
  function render() { pending = false; if (gl) drawGL(); else draw2D(); state.draws++; }
  function request() { if (!pending) { pending = true; requestAnimationFrame(render); } }
  window.aquamvsViewer.redraw = render;
  // --- Controls ---
  var drag = null;
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  canvas.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, y: e.clientY, pan: e.shiftKey || e.button === 2 }; canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener('pointerup', function () { drag = null; });
  canvas.addEventListener('pointermove', function (e) {
    if (!drag) return; var dx = e.clientX - drag.x, dy = e.clientY - drag.y; drag.x = e.clientX; drag.y = e.clientY;
    if (drag.pan) { var b = eyeBasis(), s = cam.dist / canvas.clientHeight;
      for (var k = 0; k < 3; k++) cam.target[k] += -dx * s * b.r[k] + dy * s * b.u[k]; }
    else { cam.yaw -= dx * 0.01; cam.pitch = Math.max(-1.55, Math.min(1.55, cam.pitch + dy * 0.01)); }
    request();
  });
  canvas.addEventListener('wheel', function (e) { e.preventDefault(); cam.dist *= Math.exp(e.deltaY * 0.001); request(); }, { passive: false });
  canvas.addEventListener('dblclick', function () { resetCamera(); request(); });
  function bindSelect(id, key) { var el = document.getElementById(id); if (!el) return;
    el.addEventListener('change', function () { state[key] = key === 'pointSize' ? Number(el.value) : el.value; request(); }); }
  bindSelect('viewer-object', 'object'); bindSelect('viewer-mode', 'mode'); bindSelect('viewer-size', 'pointSize');
  render();
})();
`;
