// Evaluates npm `arima` (zemlyansky, ctsa port) AutoARIMA against R's auto.arima.
//   Rscript scripts/r/arima_reference.R <m4-dir> /tmp/arima.json
//   npm install --no-save arima@0.2.8 && node scripts/r/arima_eval.cjs /tmp/arima.json
// `arima` is not a dependency of tsagentkit: this script documents why (see the report in
// src/models/stats/arima/README.md).
const fs = require('fs');
const ARIMA = require('arima');
const ref = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
const smape = (a, f) => a.reduce((s, v, i) => s + 200 * Math.abs(v - f[i]) / (Math.abs(v) + Math.abs(f[i])), 0) / a.length;
const mase = (y, a, f, m) => { let sc = 0; for (let t = m; t < y.length; t++) sc += Math.abs(y[t] - y[t - m]); sc /= y.length - m; return a.reduce((s, v, i) => s + Math.abs(v - f[i]), 0) / a.length / sc; };
const groups = {};
for (const s of ref.series) {
  const g = groups[s.m === 24 ? 'Hourly' : 'Weekly'] ??= { n: 0, fails: 0, nonfinite: 0, sOurs: 0, sR: 0, mOurs: 0, mR: 0, secs: 0, rSecs: 0, errs: [], widthRatio: [] };
  const t0 = Date.now();
  let pred, errs;
  try {
    const opts = s.m > 1 ? { auto: true, s: s.m, verbose: true } : { auto: true, verbose: true };
    let captured = '';
    const w = process.stdout.write.bind(process.stdout);
    const log = console.log;
    process.stdout.write = (c) => { captured += c; return true; };
    console.log = (...a) => { captured += a.join(' ') + '\n'; };
    let model;
    try { model = new ARIMA(opts).train(s.y); } finally { process.stdout.write = w; console.log = log; }
    const mo = /ARIMA Seasonal Order : \(\s*(\d+),\s*(\d+),\s*(\d+)\) \* \((\d+), (\d+), (\d+)\)/.exec(captured);
    s.ourOrder = mo ? `(${mo[1]},${mo[2]},${mo[3]})(${mo[4]},${mo[5]},${mo[6]})` : '?';
    [pred, errs] = model.predict(s.h);
    model.destroy();
  } catch (e) { g.fails++; console.log(s.id, 'FAIL', String(e).slice(0, 80)); continue; }
  g.secs += (Date.now() - t0) / 1000; g.rSecs += s.seconds;
  if (!pred.every(Number.isFinite)) { g.nonfinite++; console.log(s.id, 'non-finite forecast'); continue; }
  let mx = 0; for (let t = 0; t < s.h; t++) mx = Math.max(mx, rel(pred[t], s.mean[t]));
  g.errs.push(mx);
  g.widthRatio.push(Math.sqrt(errs[s.h - 1]) * 1.96 / ((s.upper95[s.h - 1] - s.lower95[s.h - 1]) / 2));
  g.n++;
  g.sOurs += smape(s.test, pred); g.sR += smape(s.test, s.mean);
  g.mOurs += mase(s.y, s.test, pred, s.m); g.mR += mase(s.y, s.test, s.mean, s.m);
  const ro = s.order; const rOrder = `(${ro.p},${ro.d},${ro.q})(${ro.P ?? 0},${ro.D ?? 0},${ro.Q ?? 0})`;
  if (rOrder === s.ourOrder) g.sameOrder = (g.sameOrder ?? 0) + 1;
  if (ro.d === Number(s.ourOrder[3])) g.sameD = (g.sameD ?? 0) + 1;
  console.log(s.id.padEnd(6), s.method.padEnd(34), 'arima', s.ourOrder.padEnd(16), 'max rel diff', mx.toExponential(2), 'sMAPE arima', smape(s.test, pred).toFixed(2), 'R', smape(s.test, s.mean).toFixed(2));
}
for (const [k, g] of Object.entries(groups)) {
  g.errs.sort((a, b) => a - b); g.widthRatio.sort((a, b) => a - b);
  console.log(`${k}: ${g.n} ok, same order ${g.sameOrder ?? 0}, same d ${g.sameD ?? 0}, ${g.fails} failed, ${g.nonfinite} non-finite; forecast max-rel diff vs R: median ${g.errs[Math.floor(g.n / 2)]?.toExponential(2)}, within 1%: ${g.errs.filter((e) => e < 0.01).length}; sMAPE arima ${(g.sOurs / g.n).toFixed(2)} vs R ${(g.sR / g.n).toFixed(2)}; MASE arima ${(g.mOurs / g.n).toFixed(3)} vs R ${(g.mR / g.n).toFixed(3)}; 95% half-width ratio (h) median ${g.widthRatio[Math.floor(g.n / 2)]?.toFixed(2)}; time ${g.secs.toFixed(1)} s vs R ${g.rSecs.toFixed(1)} s`);
}
