//! The sweep as tables (polars): one row per (config, split) in
//! `sweep.parquet` / `sweep.csv`, and one row per (config, split, archetype)
//! in `per_archetype.csv`. Written to memory; `report::write_run` stores and
//! hashes them.

use super::analysis::Analysis;
use crate::results::SweepData;
use crate::rng::Split;
use polars::prelude::*;
use std::collections::BTreeSet;

/// The swept field paths (grid and sample), sorted.
pub fn swept_fields(d: &SweepData) -> Vec<String> {
    let mut s: BTreeSet<String> = BTreeSet::new();
    for p in &d.points {
        s.extend(p.overrides.keys().cloned());
    }
    s.into_iter().collect()
}

/// A JSON override as a number (bools as 0/1).
pub fn as_num(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

fn col<T, P>(name: &str, v: T) -> Column
where
    Series: NamedFrom<T, P>,
    P: ?Sized,
{
    Column::from(Series::new(name.into(), v))
}

/// The (config, split) table.
pub fn sweep_frame(d: &SweepData, a: &Analysis) -> PolarsResult<DataFrame> {
    let fields = swept_fields(d);
    let rows: Vec<(usize, Split)> = (0..d.points.len())
        .flat_map(|p| Split::ALL.into_iter().map(move |s| (p, s)))
        .collect();
    let st = |p: usize, s: Split| &a.stats[p][s.index()];
    let f = |g: &dyn Fn(usize, Split) -> f64| rows.iter().map(|&(p, s)| g(p, s)).collect::<Vec<f64>>();
    let i = |g: &dyn Fn(usize, Split) -> i64| rows.iter().map(|&(p, s)| g(p, s)).collect::<Vec<i64>>();
    let oi = |g: &dyn Fn(usize, Split) -> Option<i64>| rows.iter().map(|&(p, s)| g(p, s)).collect::<Vec<Option<i64>>>();
    let mut cols = vec![
        col(
            "point",
            rows.iter().map(|&(p, _)| d.points[p].id.clone()).collect::<Vec<_>>(),
        ),
        col(
            "origin",
            rows.iter()
                .map(|&(p, _)| format!("{:?}", d.points[p].origin).to_lowercase())
                .collect::<Vec<_>>(),
        ),
        col(
            "is_base",
            rows.iter().map(|&(p, _)| d.points[p].is_base).collect::<Vec<_>>(),
        ),
        col(
            "recommended",
            rows.iter().map(|&(p, _)| p == a.recommended).collect::<Vec<_>>(),
        ),
        col(
            "pareto",
            rows.iter().map(|&(p, _)| a.pareto.contains(&p)).collect::<Vec<_>>(),
        ),
    ];
    for field in &fields {
        cols.push(col(
            field,
            rows.iter()
                .map(|&(p, _)| d.points[p].overrides.get(field).and_then(as_num))
                .collect::<Vec<Option<f64>>>(),
        ));
    }
    cols.extend([
        col("split", rows.iter().map(|&(_, s)| s.as_str()).collect::<Vec<_>>()),
        col("benign_sessions", i(&|p, s| st(p, s).fp.n as i64)),
        col("fp_k", i(&|p, s| st(p, s).fp.k as i64)),
        col("fp", f(&|p, s| st(p, s).fp.p)),
        col("fp_lo", f(&|p, s| st(p, s).fp.lo)),
        col("fp_hi", f(&|p, s| st(p, s).fp.hi)),
        col("hard_fp_k", i(&|p, s| st(p, s).hard_fp.k as i64)),
        col("hard_fp", f(&|p, s| st(p, s).hard_fp.p)),
        col("hard_fp_hi", f(&|p, s| st(p, s).hard_fp.hi)),
        col("hostile_sessions", i(&|p, s| st(p, s).fn_.n as i64)),
        col("fn_k", i(&|p, s| st(p, s).fn_.k as i64)),
        col("fn", f(&|p, s| st(p, s).fn_.p)),
        col("fn_lo", f(&|p, s| st(p, s).fn_.lo)),
        col("fn_hi", f(&|p, s| st(p, s).fn_.hi)),
        col("ext_n", i(&|p, s| st(p, s).ext_fp.n as i64)),
        col("ext_fp_k", i(&|p, s| st(p, s).ext_fp.k as i64)),
        col("ext_fp", f(&|p, s| st(p, s).ext_fp.p)),
        col("ext_fp_hi", f(&|p, s| st(p, s).ext_fp.hi)),
        col("delay_p50", oi(&|p, s| st(p, s).delay_p50.map(i64::from))),
        col("delay_p90", oi(&|p, s| st(p, s).delay_p90.map(i64::from))),
        col(
            "delay_mean",
            rows.iter()
                .map(|&(p, s)| st(p, s).delay_mean)
                .collect::<Vec<Option<f64>>>(),
        ),
        col("onset_delay_p50", oi(&|p, s| st(p, s).onset_delay_p50.map(i64::from))),
        col("onset_delay_p90", oi(&|p, s| st(p, s).onset_delay_p90.map(i64::from))),
        col("calls", i(&|p, s| st(p, s).calls as i64)),
        col("decisions", i(&|p, s| st(p, s).decisions as i64)),
    ]);
    DataFrame::new(rows.len(), cols)
}

/// The (config, split, archetype) table.
pub fn archetype_frame(d: &SweepData) -> PolarsResult<DataFrame> {
    use crate::results::Cell;
    use std::collections::BTreeMap;
    let mut keys: Vec<(String, String, String, String)> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    for (p, point) in d.points.iter().enumerate() {
        for s in Split::ALL {
            let mut by: BTreeMap<(usize, String, &str), Cell> = BTreeMap::new();
            for (gi, g) in d.groups.iter().enumerate() {
                let ord = d
                    .allocations
                    .iter()
                    .position(|a| a.archetype == g.archetype)
                    .unwrap_or(usize::MAX);
                by.entry((ord, g.archetype.clone(), g.label.as_str()))
                    .or_default()
                    .add(d.cell(p, s, gi));
            }
            for ((_, arch, label), c) in by {
                keys.push((point.id.clone(), s.as_str().to_string(), arch, label.to_string()));
                cells.push(c);
            }
        }
    }
    let n = keys.len();
    let rate = |k: u64, n: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let cols = vec![
        col("point", keys.iter().map(|k| k.0.clone()).collect::<Vec<_>>()),
        col("split", keys.iter().map(|k| k.1.clone()).collect::<Vec<_>>()),
        col("archetype", keys.iter().map(|k| k.2.clone()).collect::<Vec<_>>()),
        col("label", keys.iter().map(|k| k.3.clone()).collect::<Vec<_>>()),
        col("sessions", cells.iter().map(|c| c.sessions as i64).collect::<Vec<_>>()),
        col("flagged", cells.iter().map(|c| c.flagged as i64).collect::<Vec<_>>()),
        col(
            "flagged_rate",
            cells.iter().map(|c| rate(c.flagged, c.sessions)).collect::<Vec<_>>(),
        ),
        col("denied", cells.iter().map(|c| c.denied as i64).collect::<Vec<_>>()),
        col(
            "denied_rate",
            cells.iter().map(|c| rate(c.denied, c.sessions)).collect::<Vec<_>>(),
        ),
        col(
            "terminated",
            cells.iter().map(|c| c.terminated as i64).collect::<Vec<_>>(),
        ),
        col(
            "delay_p50",
            cells
                .iter()
                .map(|c| crate::stats::quantile_hist(&c.delay, 0.5).map(i64::from))
                .collect::<Vec<_>>(),
        ),
        col("calls", cells.iter().map(|c| c.calls as i64).collect::<Vec<_>>()),
    ];
    DataFrame::new(n, cols)
}

pub fn to_parquet(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(df)?;
    Ok(buf)
}

pub fn to_csv(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    CsvWriter::new(&mut buf).finish(df)?;
    Ok(buf)
}
