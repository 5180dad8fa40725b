//! Plots (plotters): `roc` (FP vs detection, one curve per swept grid field
//! through the recommended config), `fp_fn_vs_threshold` (FP and FN against
//! one field), and `latency_cdf` (sampled dispatch latencies; measured, so not
//! part of the deterministic set). PNGs render text with an embedded font
//! (sim/assets/DejaVuSansMono.ttf through ab_glyph), so they are identical on
//! every machine; SVGs carry text as text.

use super::analysis::Analysis;
use super::tables::{as_num, swept_fields};
use crate::results::{bucket_upper_ns, PointOrigin, SweepData, Timing};
use crate::rng::Split;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Once;

static FONT: &[u8] = include_bytes!("../../assets/DejaVuSansMono.ttf");
static REGISTER: Once = Once::new();

/// Register the embedded font for every family name the charts use.
fn fonts() {
    REGISTER.call_once(|| {
        for fam in ["sans-serif", "serif", "monospace"] {
            for style in [
                FontStyle::Normal,
                FontStyle::Bold,
                FontStyle::Italic,
                FontStyle::Oblique,
            ] {
                let _ = plotters::style::register_font(fam, style, FONT);
            }
        }
    });
}

pub const SIZE: (u32, u32) = (960, 640);

const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
    RGBColor(188, 189, 34),
];

type PlotResult = Result<(), String>;

fn e<E: std::fmt::Display>(x: E) -> String {
    x.to_string()
}

/// Grid fields, in order.
fn grid_fields(d: &SweepData) -> Vec<String> {
    d.lab.grid.keys().cloned().collect()
}

/// The grid point the curves pass through: the recommendation when it is a
/// grid point, else the best grid point of the Pareto front, else the first.
fn anchor(d: &SweepData, a: &Analysis) -> Option<usize> {
    let is_grid = |i: usize| d.points[i].origin == PointOrigin::Grid;
    if is_grid(a.recommended) {
        return Some(a.recommended);
    }
    a.pareto
        .iter()
        .copied()
        .find(|&i| is_grid(i))
        .or_else(|| (0..d.points.len()).find(|&i| is_grid(i)))
}

/// Grid points equal to `anchor` on every grid field but `field`, by `field`'s value.
fn slice(d: &SweepData, anchor: usize, field: &str) -> Vec<(f64, usize)> {
    let fields = grid_fields(d);
    let a = &d.points[anchor].overrides;
    let mut out: Vec<(f64, usize)> = d
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.origin == PointOrigin::Grid)
        .filter(|(_, p)| fields.iter().all(|f| f == field || p.overrides.get(f) == a.get(f)))
        .filter_map(|(i, p)| p.overrides.get(field).and_then(as_num).map(|x| (x, i)))
        .collect();
    out.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    out
}

fn roc_on<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, d: &SweepData, a: &Analysis) -> PlotResult {
    root.fill(&WHITE).map_err(e)?;
    let tr = |i: usize| &a.stats[i][Split::Train.index()];
    let max_fp = (0..d.points.len()).map(|i| tr(i).fp.p).fold(0.0f64, f64::max);
    let x_hi = (max_fp * 110.0).clamp(5.0, 100.0);
    // Detection: attacks stopped before their goal when the sweep ran the
    // adversary search (SLO-11 as issue 12 defines it), else simulated hostile
    // sessions denied.
    let miss = |i: usize| a.attack.as_ref().and_then(|v| v.get(i)).map_or(tr(i).fn_.p, |r| r.p);
    let min_det = (0..d.points.len()).map(|i| 1.0 - miss(i)).fold(1.0f64, f64::min);
    let y_lo = ((min_det * 100.0) - 5.0).clamp(0.0, 95.0).floor();
    let y_desc = if a.attack.is_some() {
        "adversary strategies stopped before their goal, % (1 - attack success)"
    } else {
        "hostile sessions denied, % (1 - FN)"
    };
    let mut chart = ChartBuilder::on(&root)
        .caption("FP vs detection (training split)", ("sans-serif", 24))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x_hi, y_lo..100.5)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("benign sessions flagged, % (FP)")
        .y_desc(y_desc)
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    let pt = |i: usize| (tr(i).fp.p * 100.0, (1.0 - miss(i)) * 100.0);
    chart
        .draw_series(
            (0..d.points.len())
                .filter(|&i| d.points[i].origin != PointOrigin::Sample)
                .map(|i| Circle::new(pt(i), 3, RGBColor(170, 170, 170).filled())),
        )
        .map_err(e)?
        .label("grid configs")
        .legend(|(x, y)| Circle::new((x + 8, y), 3, RGBColor(170, 170, 170).filled()));
    let samples: Vec<usize> = (0..d.points.len())
        .filter(|&i| d.points[i].origin == PointOrigin::Sample)
        .collect();
    if !samples.is_empty() {
        chart
            .draw_series(samples.iter().map(|&i| Cross::new(pt(i), 4, RGBColor(90, 90, 90))))
            .map_err(e)?
            .label("sampled configs")
            .legend(|(x, y)| Cross::new((x + 8, y), 4, RGBColor(90, 90, 90)));
    }
    if let Some(anc) = anchor(d, a) {
        for (k, f) in grid_fields(d).iter().enumerate() {
            let s = slice(d, anc, f);
            if s.len() < 2 {
                continue;
            }
            let c = COLORS[k % COLORS.len()];
            chart
                .draw_series(LineSeries::new(s.iter().map(|&(_, i)| pt(i)), c.stroke_width(2)))
                .map_err(e)?
                .label(format!("vary {f}"))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2)));
            chart
                .draw_series(s.iter().map(|&(_, i)| Circle::new(pt(i), 4, c.filled())))
                .map_err(e)?;
        }
    }
    let pareto: Vec<(f64, f64)> = a.pareto.iter().map(|&i| pt(i)).collect();
    chart
        .draw_series(LineSeries::new(pareto, BLACK.stroke_width(1)))
        .map_err(e)?
        .label("Pareto front")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(1)));
    if let Some(b) = a.base {
        chart
            .draw_series(std::iter::once(TriangleMarker::new(pt(b), 8, BLACK.filled())))
            .map_err(e)?
            .label("engine default")
            .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, BLACK.filled()));
    }
    chart
        .draw_series(std::iter::once(Circle::new(pt(a.recommended), 8, RED.stroke_width(3))))
        .map_err(e)?
        .label("recommended")
        .legend(|(x, y)| Circle::new((x + 8, y), 6, RED.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(e)?;
    root.present().map_err(e)
}

/// The field on the x axis of fp_fn_vs_threshold.
pub fn threshold_field(d: &SweepData) -> Option<String> {
    let fields = grid_fields(d);
    match &d.lab.selection.threshold_field {
        Some(f) if fields.contains(f) => Some(f.clone()),
        _ => fields.first().cloned(),
    }
}

fn fpfn_on<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, d: &SweepData, a: &Analysis) -> PlotResult {
    root.fill(&WHITE).map_err(e)?;
    let field = threshold_field(d);
    let s = match (&field, anchor(d, a)) {
        (Some(f), Some(anc)) => slice(d, anc, f),
        _ => Vec::new(),
    };
    let field = field.unwrap_or_else(|| "(no grid field)".to_string());
    let (x_lo, x_hi) = if s.is_empty() {
        (0.0, 1.0)
    } else {
        let lo = s.first().map_or(0.0, |v| v.0);
        let hi = s.last().map_or(1.0, |v| v.0);
        let pad = ((hi - lo) * 0.05).max(1e-3);
        (lo - pad, hi + pad)
    };
    let st = |i: usize, sp: Split| &a.stats[i][sp.index()];
    let y_hi = s
        .iter()
        .flat_map(|&(_, i)| {
            [
                st(i, Split::Train).fp.hi,
                st(i, Split::Train).fn_.hi,
                st(i, Split::Heldout).fp.hi,
                st(i, Split::Heldout).fn_.hi,
            ]
        })
        .fold(0.12f64, f64::max)
        .min(1.0)
        * 100.0
        * 1.05;
    let mut chart = ChartBuilder::on(&root)
        .caption(format!("FP and FN vs {field}"), ("sans-serif", 24))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(x_lo..x_hi, 0.0..y_hi)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc(field.clone())
        .y_desc("rate, % (bars: 95% interval, training)")
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    let series: [(&str, Split, bool, RGBColor); 4] = [
        ("FP (training)", Split::Train, true, COLORS[0]),
        ("FN (training)", Split::Train, false, COLORS[1]),
        ("FP (held-out)", Split::Heldout, true, COLORS[2]),
        ("FN (held-out)", Split::Heldout, false, COLORS[3]),
    ];
    for (name, sp, is_fp, c) in series {
        let val = |i: usize| {
            let r = if is_fp { st(i, sp).fp } else { st(i, sp).fn_ };
            (r.p * 100.0, r.lo * 100.0, r.hi * 100.0)
        };
        chart
            .draw_series(LineSeries::new(
                s.iter().map(|&(x, i)| (x, val(i).0)),
                c.stroke_width(2),
            ))
            .map_err(e)?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2)));
        if sp == Split::Train {
            chart
                .draw_series(
                    s.iter()
                        .map(|&(x, i)| ErrorBar::new_vertical(x, val(i).1, val(i).0, val(i).2, c.stroke_width(1), 8)),
                )
                .map_err(e)?;
        }
    }
    for (t, lab) in [
        (d.lab.selection.fp_target, "FP target"),
        (d.lab.selection.fn_target, "FN target"),
    ] {
        chart
            .draw_series(LineSeries::new(
                [(x_lo, t * 100.0), (x_hi, t * 100.0)],
                RGBColor(120, 120, 120).stroke_width(1),
            ))
            .map_err(e)?
            .label(format!("{lab} {:.0}%", t * 100.0))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], RGBColor(120, 120, 120)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(e)?;
    root.present().map_err(e)
}

/// CDF points (upper bucket edge in µs, cumulative share) of a latency histogram.
pub fn cdf(h: &BTreeMap<u32, u64>) -> Vec<(f64, f64)> {
    let total: u64 = h.values().sum();
    let mut acc = 0;
    h.iter()
        .map(|(b, c)| {
            acc += c;
            (bucket_upper_ns(*b) / 1000.0, acc as f64 / total.max(1) as f64)
        })
        .collect()
}

fn latency_on<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, d: &SweepData, a: &Analysis, t: &Timing) -> PlotResult {
    root.fill(&WHITE).map_err(e)?;
    let mut all: BTreeMap<u32, u64> = BTreeMap::new();
    for h in &t.latency {
        for (k, v) in h {
            *all.entry(*k).or_default() += v;
        }
    }
    let mut curves: Vec<(String, Vec<(f64, f64)>)> = vec![("all configs".into(), cdf(&all))];
    if let Some(h) = t.latency.get(a.recommended) {
        curves.push((format!("recommended ({})", d.points[a.recommended].id), cdf(h)));
    }
    if let Some(b) = a.base {
        if let Some(h) = t.latency.get(b) {
            curves.push((format!("engine default ({})", d.points[b].id), cdf(h)));
        }
    }
    let xs = curves.iter().flat_map(|(_, c)| c.iter().map(|p| p.0));
    let x_max = xs.clone().fold(1.0f64, f64::max) * 1.2;
    let x_min = xs.fold(f64::MAX, f64::min).clamp(0.001, 1.0) / 1.2;
    let mut chart = ChartBuilder::on(&root)
        .caption("Dispatch latency, sampled (measured)", ("sans-serif", 24))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d((x_min..x_max).log_scale(), 0.0..1.02)
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc("latency per dispatch, µs (log)")
        .y_desc("cumulative share")
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(e)?;
    for (k, (name, c)) in curves.into_iter().enumerate() {
        let col = COLORS[k % COLORS.len()];
        chart
            .draw_series(LineSeries::new(c, col.stroke_width(2)))
            .map_err(e)?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], col.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(e)?;
    root.present().map_err(e)
}

pub fn roc(dir: &Path, d: &SweepData, a: &Analysis) -> PlotResult {
    fonts();
    roc_on(BitMapBackend::new(&dir.join("roc.png"), SIZE).into_drawing_area(), d, a)?;
    roc_on(SVGBackend::new(&dir.join("roc.svg"), SIZE).into_drawing_area(), d, a)
}

pub fn fp_fn_vs_threshold(dir: &Path, d: &SweepData, a: &Analysis) -> PlotResult {
    fonts();
    fpfn_on(
        BitMapBackend::new(&dir.join("fp_fn_vs_threshold.png"), SIZE).into_drawing_area(),
        d,
        a,
    )?;
    fpfn_on(
        SVGBackend::new(&dir.join("fp_fn_vs_threshold.svg"), SIZE).into_drawing_area(),
        d,
        a,
    )
}

pub fn latency_cdf(dir: &Path, d: &SweepData, a: &Analysis, t: &Timing) -> PlotResult {
    fonts();
    latency_on(
        BitMapBackend::new(&dir.join("latency_cdf.png"), SIZE).into_drawing_area(),
        d,
        a,
        t,
    )
}

/// The swept fields (re-exported for the report).
pub fn fields(d: &SweepData) -> Vec<String> {
    swept_fields(d)
}
