//! Partition keys: values that land in some partition.

use super::*;

/// Values of the partition key that land in some partition.
pub(super) fn partition_gen(t: &Table, col: &Column, class: &TypeClass) -> Option<Gen> {
    let p = t.partitioning.as_ref()?;
    if p.key.len() != 1 || p.key[0].column() != Some(col.name.as_str()) {
        return None;
    }
    if p.partitions
        .iter()
        .any(|x| x.bound == PartitionBound::Default)
        && p.strategy != PartitionStrategy::List
    {
        return None;
    }
    match p.strategy {
        PartitionStrategy::List => {
            let values: Vec<Value> = p
                .partitions
                .iter()
                .flat_map(|x| match &x.bound {
                    PartitionBound::List { values } => values.iter().flatten().cloned().collect(),
                    _ => Vec::new(),
                })
                .filter_map(|v| value_from_text(class, &v))
                .collect();
            (!values.is_empty()).then(|| Gen::choice(values, None))
        }
        PartitionStrategy::Range => {
            let mut spans = Vec::new();
            for part in &p.partitions {
                let PartitionBound::Range { from, to } = &part.bound else {
                    continue;
                };
                let (Some(f), Some(tt)) = (from.first(), to.first()) else {
                    continue;
                };
                // MINVALUE/MAXVALUE: keep values within a generous but finite span.
                let (lo_d, hi_d) = match class {
                    TypeClass::Timestamp => (
                        days_from_civil(1990, 1, 1) as i64 * MICROS_PER_DAY,
                        days_from_civil(2040, 1, 1) as i64 * MICROS_PER_DAY,
                    ),
                    TypeClass::Date => (
                        days_from_civil(1990, 1, 1) as i64,
                        days_from_civil(2040, 1, 1) as i64,
                    ),
                    _ => (0, 1_000_000),
                };
                let num = |b: &BoundValue, dflt: i64| -> Option<i64> {
                    match (b, class) {
                        (BoundValue::MinValue | BoundValue::MaxValue, _) => Some(dflt),
                        (BoundValue::Value(v), TypeClass::Timestamp) => parse_timestamp(v),
                        (BoundValue::Value(v), TypeClass::Date) => parse_date(v).map(|d| d as i64),
                        (BoundValue::Value(v), TypeClass::Int { .. }) => v.parse().ok(),
                        _ => None,
                    }
                };
                let (Some(lo), Some(hi)) = (num(f, lo_d), num(tt, hi_d)) else {
                    continue;
                };
                // Upper bounds of range partitions are exclusive.
                if hi > lo {
                    spans.push((lo, hi - 1));
                }
            }
            if spans.is_empty() {
                return None;
            }
            let mut total = 0.0;
            let cumulative = spans
                .iter()
                .map(|(a, b)| {
                    total += (b - a + 1) as f64;
                    total
                })
                .collect();
            Some(Gen::Partitioned {
                spans,
                cumulative,
                kind: match class {
                    TypeClass::Timestamp => RangeKind::Timestamp,
                    TypeClass::Date => RangeKind::Date,
                    _ => RangeKind::Int,
                },
            })
        }
        PartitionStrategy::Hash => None,
    }
}
