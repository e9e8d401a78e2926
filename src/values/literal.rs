//! Built-in types written through their text input: geometry, bit strings, text-search queries,
//! WAL positions, snapshots, system identifiers and the `reg*` object-name types. seedbed has no
//! binary encoder for them; it generates their canonical text form, which `COPY … CSV` reads
//! with the type's own input function. The `reg*` values name objects every PostgreSQL server
//! has (catalog tables, built-in functions, predefined roles), so they resolve on any target.

use std::fmt::Write;

use rand::Rng;

use super::rng::below;
use super::value::{MICROS_PER_DAY, Value};

/// A type generated as text for its input function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralKind {
    Point,
    Line,
    Lseg,
    Box,
    Path,
    Polygon,
    Circle,
    /// `bit(n)` (exactly `len` bits) or `bit varying(n)` (1..=len bits).
    Bit {
        len: u32,
        varying: bool,
    },
    TsQuery,
    PgLsn,
    MacAddr8,
    /// `txid_snapshot` and `pg_snapshot`: `xmin:xmax:xip,…`.
    Snapshot,
    Int2Vector,
    OidVector,
    /// `xid` and `cid`: 32-bit counters.
    Xid32,
    Xid8,
    Tid,
    /// The single-byte `"char"` type.
    Char,
    JsonPath,
    /// A small well-formed XML document.
    Xml,
    AclItem,
    /// Extension types (contrib): `hstore` pairs, `ltree` label paths, `cube` boxes, `seg`
    /// intervals, and the `isn` article numbers with valid check digits.
    Hstore,
    Ltree,
    Cube,
    Seg,
    Isn(Isn),
    /// PostGIS `geometry`/`geography` with its typmod's shape and SRID, as EWKT.
    Geometry(Geo),
    /// A built-in multirange (`int4multirange`, …, `tstzmultirange`): one to three disjoint
    /// ranges of the subtype, `{[1,4),[9,12)}`.
    Multirange(MultiOf),
    /// pgvector's `vector(n)`: `[0.12,-0.5,…]`, n floats in [-1, 1] (n from the typmod; 3
    /// when the column has none).
    Vector(u32),
    RegClass,
    RegType,
    RegProc,
    RegProcedure,
    RegOper,
    RegOperator,
    RegNamespace,
    RegConfig,
    RegDictionary,
    RegCollation,
    RegRole,
}

/// A PostGIS column's typmod: `geometry(PolygonZ, 4326)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geo {
    pub shape: GeoShape,
    pub srid: u32,
    /// A Z coordinate (`PointZ`).
    pub z: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoShape {
    Point,
    LineString,
    Polygon,
    MultiPoint,
    MultiLineString,
    MultiPolygon,
}

impl Geo {
    /// A column with no typmod: points, no SRID.
    pub const PLAIN: Geo = Geo {
        shape: GeoShape::Point,
        srid: 0,
        z: false,
    };

    /// Read the shape and SRID from a PostGIS type as `format_type` prints it
    /// (`geometry(Polygon,4326)`, `public.geography(PointZ,4326)`, plain `geometry`).
    pub fn from_type_name(type_name: &str) -> Geo {
        let args = type_name
            .split_once('(')
            .map(|(_, a)| a.trim_end_matches(')'))
            .unwrap_or("");
        let mut parts = args.split(',').map(str::trim);
        let shape_name = parts.next().unwrap_or("").to_ascii_lowercase();
        let srid = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let z = shape_name.ends_with('z') || shape_name.ends_with("zm");
        let base = shape_name.trim_end_matches('m').trim_end_matches('z');
        let shape = match base {
            "linestring" => GeoShape::LineString,
            "polygon" => GeoShape::Polygon,
            "multipoint" => GeoShape::MultiPoint,
            "multilinestring" => GeoShape::MultiLineString,
            "multipolygon" => GeoShape::MultiPolygon,
            _ => GeoShape::Point,
        };
        Geo { shape, srid, z }
    }
}

/// The subtype of a built-in multirange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiOf {
    Int,
    Numeric,
    Date,
    Timestamp,
    TimestampTz,
}

/// The dimension of a pgvector type as `format_type` prints it (`vector(1536)`); 3 without
/// one.
pub fn vector_dims(type_name: &str) -> u32 {
    type_name
        .split_once('(')
        .and_then(|(_, a)| a.trim_end_matches(')').trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

/// The `isn` extension's numbers: all EAN-13 with a valid check digit, under a prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isn {
    Ean13,
    /// ISBN (Bookland 978).
    Isbn,
    /// ISMN (979-0).
    Ismn,
    /// ISSN (977).
    Issn,
    /// UPC-A: 12 digits (an EAN-13 starting with 0, written without it).
    Upc,
}

const WORDS: &[&str] = &[
    "alpha", "bravo", "cargo", "delta", "ember", "fable", "grove", "harbor", "ivory", "jasper",
    "kettle", "lumen", "meadow", "nectar", "orbit", "pepper", "quartz", "river", "signal",
    "timber",
];

/// Objects of `pg_catalog` that exist on every server, so a `reg*` value always resolves.
fn names(kind: LiteralKind) -> &'static [&'static str] {
    match kind {
        LiteralKind::RegClass => &[
            "pg_class",
            "pg_type",
            "pg_proc",
            "pg_namespace",
            "pg_attribute",
        ],
        LiteralKind::RegType => &["integer", "text", "boolean", "date", "numeric", "uuid"],
        LiteralKind::RegProc => &["now", "version", "pg_backend_pid", "timeofday"],
        LiteralKind::RegProcedure => &["now()", "version()", "lower(text)", "abs(integer)"],
        // Operator names that only one operator has (regoper needs a unique name).
        LiteralKind::RegOper => &["|/", "||/"],
        LiteralKind::RegOperator => &["+(integer,integer)", "=(text,text)", "<(date,date)"],
        LiteralKind::RegNamespace => &["pg_catalog", "information_schema", "pg_toast"],
        LiteralKind::RegConfig => &["simple", "english", "french", "german", "spanish"],
        LiteralKind::RegDictionary => &["simple", "english_stem", "french_stem"],
        LiteralKind::RegCollation => &["\"default\"", "\"C\"", "\"POSIX\"", "ucs_basic"],
        LiteralKind::RegRole | LiteralKind::AclItem => &[
            "pg_monitor",
            "pg_read_all_settings",
            "pg_read_all_stats",
            "pg_stat_scan_tables",
            "pg_signal_backend",
        ],
        _ => &[],
    }
}

fn pick<R: Rng + ?Sized>(rng: &mut R, from: &[&'static str]) -> &'static str {
    from[below(rng.next_u64(), from.len() as u64) as usize]
}

/// A coordinate with two decimals in [-1000, 1000].
fn coord<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (below(rng.next_u64(), 200_001) as f64 - 100_000.0) / 100.0
}

fn points<R: Rng + ?Sized>(rng: &mut R, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "({},{})", coord(rng), coord(rng));
    }
    s
}

/// One value of `kind` in the type's text input syntax.
pub fn generate<R: Rng + ?Sized>(kind: LiteralKind, rng: &mut R) -> String {
    match kind {
        LiteralKind::Point => points(rng, 1),
        LiteralKind::Line => {
            // a·x + b·y + c = 0 with a and b not both zero.
            let a = below(rng.next_u64(), 20) as f64 + 1.0;
            format!("{{{a},{},{}}}", coord(rng), coord(rng))
        }
        LiteralKind::Lseg => format!("[{}]", points(rng, 2)),
        LiteralKind::Box => points(rng, 2),
        LiteralKind::Path => {
            let n = 2 + below(rng.next_u64(), 4) as usize;
            if rng.next_u64() & 1 == 0 {
                format!("[{}]", points(rng, n))
            } else {
                format!("({})", points(rng, n))
            }
        }
        LiteralKind::Polygon => {
            let n = 3 + below(rng.next_u64(), 4) as usize;
            format!("({})", points(rng, n))
        }
        LiteralKind::Circle => {
            let r = below(rng.next_u64(), 50_000) as f64 / 100.0;
            format!("<{},{r}>", points(rng, 1))
        }
        LiteralKind::Bit { len, varying } => bits(rng, len, varying),
        LiteralKind::TsQuery => {
            let ops = [" & ", " | ", " <-> "];
            format!(
                "'{}'{}'{}'",
                pick(rng, WORDS),
                ops[below(rng.next_u64(), 3) as usize],
                pick(rng, WORDS)
            )
        }
        LiteralKind::PgLsn => format!(
            "{:X}/{:X}",
            below(rng.next_u64(), 256),
            rng.next_u64() as u32
        ),
        LiteralKind::MacAddr8 => {
            // Locally administered, unicast: never a vendor's real address.
            let mut b = rng.next_u64().to_be_bytes();
            b[0] = (b[0] | 0x02) & 0xfe;
            let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            hex.join(":")
        }
        LiteralKind::Snapshot => snapshot(rng),
        LiteralKind::Int2Vector => small_list(rng, 1, 1000),
        LiteralKind::OidVector => small_list(rng, 16, 100_000),
        LiteralKind::Xid32 => (3 + below(rng.next_u64(), u32::MAX as u64 - 3)).to_string(),
        LiteralKind::Xid8 => (3 + below(rng.next_u64(), 1 << 40)).to_string(),
        LiteralKind::Tid => format!(
            "({},{})",
            below(rng.next_u64(), 100_000),
            1 + below(rng.next_u64(), 200)
        ),
        LiteralKind::Char => ((b'a' + below(rng.next_u64(), 26) as u8) as char).to_string(),
        LiteralKind::JsonPath => {
            let w = pick(rng, WORDS);
            match below(rng.next_u64(), 3) {
                0 => format!("$.{w}"),
                1 => format!("$.{w}[*]"),
                _ => format!("$.{w}.{}", pick(rng, WORDS)),
            }
        }
        LiteralKind::Xml => {
            let (a, b) = (pick(rng, WORDS), pick(rng, WORDS));
            format!("<{a}><{b}>{}</{b}></{a}>", pick(rng, WORDS))
        }
        LiteralKind::AclItem => {
            const PRIVILEGES: &[&str] = &["r", "arwd", "r*", "rw", "U", "X"];
            format!(
                "={}/{}",
                pick(rng, PRIVILEGES),
                pick(rng, names(LiteralKind::AclItem))
            )
        }
        LiteralKind::Hstore => {
            let n = 1 + below(rng.next_u64(), 3);
            let pairs: Vec<String> = (0..n)
                .map(|i| format!("\"{}{i}\"=>\"{}\"", pick(rng, WORDS), pick(rng, WORDS)))
                .collect();
            pairs.join(", ")
        }
        LiteralKind::Ltree => {
            let n = 1 + below(rng.next_u64(), 4);
            let labels: Vec<&str> = (0..n).map(|_| pick(rng, WORDS)).collect();
            labels.join(".")
        }
        LiteralKind::Cube => {
            let dims = 1 + below(rng.next_u64(), 3) as usize;
            let corner = |rng: &mut R| {
                let c: Vec<String> = (0..dims).map(|_| coord(rng).to_string()).collect();
                format!("({})", c.join(","))
            };
            let (a, b) = (corner(rng), corner(rng));
            format!("{a},{b}")
        }
        LiteralKind::Seg => {
            let lo = coord(rng);
            let hi = lo + below(rng.next_u64(), 10_000) as f64 / 100.0;
            format!("{lo} .. {hi}")
        }
        LiteralKind::Isn(isn) => isn_number(isn, rng.next_u64()),
        LiteralKind::Geometry(g) => ewkt(g, rng),
        LiteralKind::Multirange(of) => multirange(of, rng),
        LiteralKind::Vector(dims) => vector(dims, rng),
        reg => pick(rng, names(reg)).to_string(),
    }
}

/// One to three disjoint, non-adjacent ranges `[lo,hi)` in increasing order, bounds in the
/// subtype's text form (quoted: a timestamp holds a space).
fn multirange<R: Rng + ?Sized>(of: MultiOf, rng: &mut R) -> String {
    let n = 1 + below(rng.next_u64(), 3);
    let mut at = below(rng.next_u64(), 1000) as i64;
    let mut parts = Vec::new();
    for _ in 0..n {
        let lo = at;
        let hi = lo + 1 + below(rng.next_u64(), 30) as i64;
        at = hi + 1 + below(rng.next_u64(), 30) as i64;
        parts.push(format!("[{},{})", bound(of, lo), bound(of, hi)));
    }
    format!("{{{}}}", parts.join(","))
}

/// Step `v` of a multirange as its subtype: an integer, hundredths, days or hours from
/// 2020-01-01.
fn bound(of: MultiOf, v: i64) -> String {
    const START: i32 = 7305; // 2020-01-01, in days from 2000-01-01
    let quoted = |v: Value, tz: bool| format!("\"{}\"", v.to_text(tz));
    match of {
        MultiOf::Int => v.to_string(),
        MultiOf::Numeric => format!("{}.{:02}", v / 100, v % 100),
        MultiOf::Date => quoted(Value::Date(START + v as i32), false),
        MultiOf::Timestamp | MultiOf::TimestampTz => quoted(
            Value::Timestamp(START as i64 * MICROS_PER_DAY + v * 3_600_000_000),
            of == MultiOf::TimestampTz,
        ),
    }
}

/// `dims` floats in [-1, 1] with four decimals, as pgvector reads them.
fn vector<R: Rng + ?Sized>(dims: u32, rng: &mut R) -> String {
    let mut s = String::from("[");
    for i in 0..dims {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{}",
            (below(rng.next_u64(), 20_001) as f64 - 10_000.0) / 10_000.0
        );
    }
    s.push(']');
    s
}

/// A small shape near a random place, as EWKT. Longitudes and latitudes in degrees for SRID 4326
/// (and no SRID); other systems get coordinates in a few kilometres around their origin.
fn ewkt<R: Rng + ?Sized>(g: Geo, rng: &mut R) -> String {
    let (cx, cy, step) = if g.srid == 4326 || g.srid == 0 {
        (
            below(rng.next_u64(), 340_000) as f64 / 1000.0 - 170.0,
            below(rng.next_u64(), 160_000) as f64 / 1000.0 - 80.0,
            0.01,
        )
    } else {
        (
            below(rng.next_u64(), 5_000_000) as f64,
            below(rng.next_u64(), 5_000_000) as f64,
            100.0,
        )
    };
    let pt = |dx: f64, dy: f64| {
        let (x, y) = (cx + dx * step, cy + dy * step);
        if g.z {
            format!("{x:.6} {y:.6} {:.1}", dx * 10.0)
        } else {
            format!("{x:.6} {y:.6}")
        }
    };
    let ring = || {
        format!(
            "({}, {}, {}, {}, {})",
            pt(0.0, 0.0),
            pt(1.0, 0.0),
            pt(1.0, 1.0),
            pt(0.0, 1.0),
            pt(0.0, 0.0)
        )
    };
    let line = || format!("({}, {}, {})", pt(0.0, 0.0), pt(1.0, 0.5), pt(2.0, 0.0));
    let z = if g.z { " Z " } else { "" };
    let body = match g.shape {
        GeoShape::Point => format!("POINT{z}({})", pt(0.0, 0.0)),
        GeoShape::LineString => format!("LINESTRING{z}{}", line()),
        GeoShape::Polygon => format!("POLYGON{z}({})", ring()),
        GeoShape::MultiPoint => format!("MULTIPOINT{z}(({}), ({}))", pt(0.0, 0.0), pt(1.0, 1.0)),
        GeoShape::MultiLineString => format!("MULTILINESTRING{z}({})", line()),
        GeoShape::MultiPolygon => format!("MULTIPOLYGON{z}(({}))", ring()),
    };
    if g.srid == 0 {
        body
    } else {
        format!("SRID={};{body}", g.srid)
    }
}

/// An `isn` number whose free digits come from `bits`, with its check digit.
pub fn isn_number(isn: Isn, bits: u64) -> String {
    let prefix = match isn {
        Isn::Ean13 => "5",
        Isn::Isbn => "978",
        Isn::Ismn => "9790",
        Isn::Issn => "977",
        Isn::Upc => "0",
    };
    let free = 12 - prefix.len();
    let mut digits = prefix.to_string();
    let body = bits % 10u64.pow(free as u32);
    digits.push_str(&format!("{body:0free$}"));
    if isn == Isn::Issn {
        // ISSN's EAN form: 7 digits of the serial, then the issue code 00.
        digits.replace_range(10..12, "00");
    }
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, d)| (d - b'0') as u32 * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    digits.push(char::from(b'0' + ((10 - sum % 10) % 10) as u8));
    match isn {
        Isn::Upc => digits[1..].to_string(),
        _ => digits,
    }
}

fn bits<R: Rng + ?Sized>(rng: &mut R, len: u32, varying: bool) -> String {
    let n = if varying {
        1 + below(rng.next_u64(), len.max(1) as u64) as u32
    } else {
        len.max(1)
    };
    (0..n)
        .map(|_| if rng.next_u64() & 1 == 0 { '0' } else { '1' })
        .collect()
}

/// `xmin:xmax:xip,…` with `xmin ≤ xip < xmax`, as the snapshot input demands.
fn snapshot<R: Rng + ?Sized>(rng: &mut R) -> String {
    let xmin = 3 + below(rng.next_u64(), 1_000_000);
    let xmax = xmin + 1 + below(rng.next_u64(), 100);
    let mut xip: Vec<u64> = (0..below(rng.next_u64(), 4))
        .map(|_| xmin + below(rng.next_u64(), xmax - xmin))
        .collect();
    xip.sort_unstable();
    xip.dedup();
    let xip: Vec<String> = xip.iter().map(u64::to_string).collect();
    format!("{xmin}:{xmax}:{}", xip.join(","))
}

fn small_list<R: Rng + ?Sized>(rng: &mut R, min: u64, max: u64) -> String {
    let n = 1 + below(rng.next_u64(), 4);
    let items: Vec<String> = (0..n)
        .map(|_| (min + below(rng.next_u64(), max - min)).to_string())
        .collect();
    items.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::rng::RowRng;

    #[test]
    fn multiranges_and_vectors_have_their_text_form() {
        let mut rng = RowRng::new(4, 4);
        for _ in 0..100 {
            let m = generate(LiteralKind::Multirange(MultiOf::Int), &mut rng);
            let bounds: Vec<i64> = m
                .trim_matches(|c| c == '{' || c == '}')
                .split(|c| "[),".contains(c))
                .filter(|p| !p.is_empty())
                .map(|p| p.parse().unwrap())
                .collect();
            assert!(
                bounds.len().is_multiple_of(2) && (2..=6).contains(&bounds.len()),
                "{m}"
            );
            // Increasing and disjoint with a gap: the server keeps them as written.
            assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{m}");
            let v = generate(LiteralKind::Vector(5), &mut rng);
            let xs: Vec<f64> = v
                .trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|x| x.parse().unwrap())
                .collect();
            assert!(xs.len() == 5 && xs.iter().all(|x| x.abs() <= 1.0), "{v}");
        }
        let mut rng = RowRng::new(1, 1);
        let d = generate(LiteralKind::Multirange(MultiOf::Date), &mut rng);
        assert!(d.starts_with("{[\"202") && d.ends_with(")}"), "{d}");
        let t = generate(LiteralKind::Multirange(MultiOf::TimestampTz), &mut rng);
        assert!(t.contains(":00+00\","), "{t}");
        assert_eq!(vector_dims("vector(1536)"), 1536);
        assert_eq!(vector_dims("public.vector"), 3);
    }

    #[test]
    fn isn_numbers_carry_valid_check_digits() {
        // Known numbers: ISBN 978-0-306-40615-7, EAN 400638133393-1, UPC 03600029145-2.
        assert_eq!(isn_number(Isn::Isbn, 30_640_615), "9780306406157");
        let ean = isn_number(Isn::Ean13, 0);
        assert_eq!(ean.len(), 13);
        assert_eq!(isn_number(Isn::Upc, 3_600_029_145), "036000291452");
        assert!(isn_number(Isn::Issn, 123_456_700).starts_with("9771234567"));
    }

    #[test]
    fn literals_have_their_types_shape() {
        let mut rng = RowRng::new(1, 2);
        for _ in 0..200 {
            let s = generate(
                LiteralKind::Bit {
                    len: 5,
                    varying: false,
                },
                &mut rng,
            );
            assert!(
                s.len() == 5 && s.chars().all(|c| c == '0' || c == '1'),
                "{s}"
            );
            let s = generate(
                LiteralKind::Bit {
                    len: 5,
                    varying: true,
                },
                &mut rng,
            );
            assert!((1..=5).contains(&s.len()), "{s}");
            let s = generate(LiteralKind::Snapshot, &mut rng);
            let p: Vec<&str> = s.split(':').collect();
            let (xmin, xmax): (u64, u64) = (p[0].parse().unwrap(), p[1].parse().unwrap());
            assert!(xmin < xmax);
            for x in p[2].split(',').filter(|x| !x.is_empty()) {
                let x: u64 = x.parse().unwrap();
                assert!(xmin <= x && x < xmax, "{s}");
            }
            let m = generate(LiteralKind::MacAddr8, &mut rng);
            let first = u8::from_str_radix(&m[..2], 16).unwrap();
            assert_eq!(first & 0x03, 0x02, "{m}: locally administered unicast");
        }
    }
}
