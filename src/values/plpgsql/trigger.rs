//! Trigger functions read from their PL/pgSQL bodies.
//!
//! A BEFORE INSERT row trigger whose body is only `IF … THEN … END IF`, `NEW.column := expr`,
//! `RAISE` and a final `RETURN NEW` becomes a [`TriggerModel`]: [`Assignment`]s, applied to a
//! generated row in order so the row seedbed checks is the row the server stores, and
//! [`Rejection`]s, the conditions under which it raises, which the row engine keeps false like
//! a CHECK. A condition may read the parent row a foreign key of NEW picks, through a subquery
//! (see `plpgsql::lookup`). `TG_ARGV[n]` reads the trigger's arguments and `TG_OP` is `'INSERT'`.
//! Anything else (variables, other queries, `RETURN NULL`, `OLD`) leaves the body unread;
//! [`may_modify_new`] and [`may_raise`] then say whether it could change or refuse rows.
//!
//! The other readings here are textual and deliberately narrow: the tables a body inserts into
//! ([`inserted_tables`]) and the schema-qualified functions it calls ([`qualified_calls`]).

use std::sync::LazyLock;

use regex::Regex;

use super::{Stmt, and_or, block_statements, is_true, strip_comments};
use crate::values::expr::{BinOp, Expr};
use crate::values::plpgsql::join::{JOIN_PREFIX, JoinExists, Term};
use crate::values::plpgsql::lookup::{LOOKUP_PREFIX, Lookup, extract as extract_lookups};

/// What `NEW.` becomes before the body is parsed, so a column of the row is told apart from a
/// variable once the expression is read.
pub const NEW_PREFIX: &str = "__new__";

/// `column := value`, when `when` holds (PL/pgSQL `IF`: only when it is true), applied in
/// order: each reads the row as the assignments before it left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub column: String,
    pub when: Option<Expr>,
    pub value: Expr,
}

/// A row the trigger refuses: when `when` holds for the row as the assignments leave it
/// (a column named [`LOOKUP_PREFIX`]`k` is the value of `lookups[k]`, one named
/// [`JOIN_PREFIX`]`k` whether the join `joins[k]` has a row), the body raises.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rejection {
    pub when: Expr,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<Lookup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<JoinExists>,
}

/// What a BEFORE INSERT row trigger does to a row: its assignments, and the rows it refuses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TriggerModel {
    pub assignments: Vec<Assignment>,
    pub rejections: Vec<Rejection>,
}

/// The model of a BEFORE INSERT row trigger's body, called with `args`; `Err` says why the
/// body cannot be read.
pub fn translate_trigger(
    language: &str,
    body: &str,
    args: &[String],
) -> Result<TriggerModel, String> {
    if language != "plpgsql" {
        return Err(format!("LANGUAGE {language} is not read"));
    }
    let text = substitute_trigger_words(&strip_comments(body), args)?;
    let mut stmts = block_statements(&text)
        .map_err(|e| e.replace("IF and RETURN", "IF, RAISE, RETURN NEW and NEW.column := …"))?;
    hoist_final_return(&mut stmts);
    let Some((Stmt::Return(ret), rest)) = stmts.split_last() else {
        return Err("its body does not end with RETURN NEW".into());
    };
    if ret.as_column() != Some("new") {
        return Err("it returns something other than NEW".into());
    }
    let mut flat = Flat::default();
    flatten(rest, None, &mut flat)?;
    let mut model = TriggerModel::default();
    for (when, at) in flat.raises {
        let (mut lookups, mut joins) = (Vec::new(), Vec::new());
        let when = extract_lookups(&when, &mut lookups, &mut joins)?;
        // The condition is evaluated on the row as every assignment leaves it: none after the
        // RAISE may change what it reads.
        let mut read = when.columns();
        for t in joins.iter().flat_map(|j| j.classes.iter().flatten()) {
            if let Term::New(c) = t {
                read.push(format!("{NEW_PREFIX}{c}"));
            }
        }
        if let Some(a) = flat.assignments[at..]
            .iter()
            .find(|a| read.contains(&format!("{NEW_PREFIX}{}", a.column)))
        {
            return Err(format!(
                "it changes NEW.{} after a RAISE condition reads it",
                a.column
            ));
        }
        let when = unprefixed_expr(&when)?;
        model.rejections.push(Rejection {
            when,
            lookups,
            joins,
        });
    }
    if let Some(a) = flat
        .assignments
        .iter()
        .find(|a| a.value.has_unsupported() || a.when.as_ref().is_some_and(Expr::has_unsupported))
    {
        return Err(format!(
            "it sets NEW.{} with SQL seedbed does not model",
            a.column
        ));
    }
    model.assignments = flat
        .assignments
        .into_iter()
        .map(unprefixed)
        .collect::<Result<_, _>>()?;
    Ok(model)
}

/// `IF c THEN RAISE …; ELSE RETURN NEW; END IF` as the last statement: every branch ends in
/// `RETURN NEW` or a RAISE, so the IF is followed by `RETURN NEW` instead.
fn hoist_final_return(stmts: &mut Vec<Stmt>) {
    let Some(Stmt::If {
        branches,
        otherwise,
    }) = stmts.last_mut()
    else {
        return;
    };
    let ends_new =
        |b: &[Stmt]| matches!(b.last(), Some(Stmt::Return(r)) if r.as_column() == Some("new"));
    let ends_well = |b: &[Stmt]| ends_new(b) || matches!(b.last(), Some(Stmt::Raise));
    if otherwise.is_empty() || !ends_well(otherwise) || !branches.iter().all(|(_, b)| ends_well(b))
    {
        return;
    }
    let mut ret = None;
    for body in branches
        .iter_mut()
        .map(|(_, b)| b)
        .chain(std::iter::once(otherwise))
    {
        if ends_new(body) {
            ret = body.pop();
        }
    }
    if let Some(r) = ret {
        stmts.push(r);
    }
}

/// The statements of a body in order: assignments under their guards, and the guards under
/// which it raises (with how many assignments come before).
#[derive(Default)]
struct Flat {
    assignments: Vec<Assignment>,
    raises: Vec<(Expr, usize)>,
}

/// The assignments and raises of `stmts` under `guard`, in order.
fn flatten(stmts: &[Stmt], guard: Option<&Expr>, out: &mut Flat) -> Result<(), String> {
    for s in stmts {
        match s {
            Stmt::Return(_) => return Err("it returns from inside an IF".into()),
            Stmt::Raise => {
                let when = guard.cloned().unwrap_or(Expr::Literal {
                    value: crate::values::expr::Literal::Bool(true),
                });
                out.raises.push((when, out.assignments.len()));
                // Nothing after a RAISE runs on the rows it refuses; the rest of the block
                // runs for the others, under the same guard (they never reach this point).
                return Ok(());
            }
            Stmt::Assign(column, value) => out.assignments.push(Assignment {
                column: column.clone(),
                when: guard.cloned(),
                value: value.clone(),
            }),
            Stmt::If {
                branches,
                otherwise,
            } => {
                let start = out.assignments.len();
                // None of the earlier conditions held.
                let mut earlier: Option<Expr> = None;
                let mut read: Vec<String> = guard.map(|g| g.columns()).unwrap_or_default();
                for (cond, body) in branches {
                    read.extend(cond.columns());
                    let this = and(earlier.clone(), is_true(cond.clone(), false));
                    flatten(body, Some(&and(guard.cloned(), this)), out)?;
                    earlier = Some(and(earlier, is_true(cond.clone(), true)));
                }
                if !otherwise.is_empty() {
                    let g = earlier.map(|e| and(guard.cloned(), e));
                    flatten(otherwise, g.as_ref(), out)?;
                }
                // Conditions are tested before their branch runs, but each assignment tests
                // its guard when applied: one that changes what they read must come last.
                let changed = |a: &Assignment| read.contains(&format!("{NEW_PREFIX}{}", a.column));
                let scope = &out.assignments[start..];
                if scope.iter().rev().skip(1).any(changed) {
                    return Err("an IF branch changes a column its condition reads".into());
                }
            }
        }
    }
    Ok(())
}

fn and(left: Option<Expr>, right: Expr) -> Expr {
    match left {
        Some(l) => and_or(BinOp::And, l, right),
        None => right,
    }
}

/// The assignment with `NEW.` columns named plainly; a name read without `NEW.` is a variable
/// or another row's column, which is not read.
fn unprefixed(a: Assignment) -> Result<Assignment, String> {
    let read = |e: &Expr| -> Result<Expr, String> {
        if let Some(c) = e.columns().iter().find(|c| !c.starts_with(NEW_PREFIX)) {
            return Err(format!("it reads {c}, which is not a column of NEW"));
        }
        unprefixed_expr(e)
    };
    Ok(Assignment {
        when: a.when.as_ref().map(read).transpose()?,
        value: read(&a.value)?,
        column: a.column,
    })
}

/// `e` with NEW's columns named plainly (lookups keep their names); `Err` names a variable.
fn unprefixed_expr(e: &Expr) -> Result<Expr, String> {
    if let Some(c) = e.columns().iter().find(|c| {
        !c.starts_with(NEW_PREFIX) && !c.starts_with(LOOKUP_PREFIX) && !c.starts_with(JOIN_PREFIX)
    }) {
        return Err(format!("it reads {c}, which is not a column of NEW"));
    }
    Ok(e.rewrite(&|n| match n {
        Expr::Column { name } if name.starts_with(NEW_PREFIX) => Some(Expr::Column {
            name: name[NEW_PREFIX.len()..].to_string(),
        }),
        _ => None,
    }))
}

/// `NEW.column := rest` (or `=`): the column and the expression text.
pub(super) fn assignment(sql: &str) -> Option<(String, &str)> {
    let rest = sql
        .strip_prefix('"')
        .unwrap_or(sql)
        .strip_prefix(NEW_PREFIX)?;
    let quoted = sql.starts_with('"');
    let end = if quoted {
        rest.find('"')?
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(rest.len())
    };
    let column = if quoted {
        rest[..end].to_string()
    } else {
        rest[..end].to_lowercase()
    };
    let after = rest[end + usize::from(quoted)..].trim_start();
    let value = after
        .strip_prefix(":=")
        .or_else(|| after.strip_prefix('='))?;
    (!column.is_empty()).then_some((column, value.trim()))
}

/// The body with `NEW.x` as [`NEW_PREFIX`]`x`, `TG_ARGV[n]` as its string literal and `TG_OP`
/// as `'INSERT'` (outside string literals).
fn substitute_trigger_words(s: &str, args: &[String]) -> Result<String, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut quoted) = (0, false);
    let word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    while i < chars.len() {
        let c = chars[i];
        let starts_word = (c.is_alphabetic() || c == '_')
            && (i == 0 || !(word_char(chars[i - 1]) || matches!(chars[i - 1], '.' | '"')));
        if quoted || c == '\'' || !starts_word {
            quoted ^= c == '\'';
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && word_char(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
        match (word.as_str(), chars.get(i)) {
            ("new", Some('.')) if chars.get(i + 1) == Some(&'"') => {
                out.push('"');
                out.push_str(NEW_PREFIX);
                i += 2;
            }
            ("new", Some('.')) => {
                out.push_str(NEW_PREFIX);
                i += 1;
            }
            ("tg_op", _) => out.push_str("'INSERT'"),
            ("tg_argv", Some('[')) => {
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                let n: Option<usize> = close.and_then(|e| {
                    chars[i + 1..e]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .parse()
                        .ok()
                });
                let (Some(close), Some(n)) = (close, n) else {
                    return Err("it indexes TG_ARGV with an expression".into());
                };
                let arg = args.get(n).ok_or_else(|| {
                    format!("it reads TG_ARGV[{n}], which the trigger does not pass")
                })?;
                out.push('\'');
                out.push_str(&arg.replace('\'', "''"));
                out.push('\'');
                i = close + 1;
            }
            _ => out.extend(&chars[start..i]),
        }
    }
    Ok(out)
}

/// String literals blanked (their quotes kept), so text searches do not look inside them.
fn without_strings(s: &str) -> String {
    let mut quoted = false;
    s.chars()
        .map(|c| {
            if c == '\'' {
                quoted = !quoted;
                c
            } else if quoted {
                ' '
            } else {
                c
            }
        })
        .collect()
}

static ASSIGNS_NEW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(^|;|\bthen\b|\belse\b|\bbegin\b|\bloop\b)\s*new\s*(\.\s*("[^"]*"|\w+)\s*)?:?=|\binto\s+(strict\s+)?new\b"#,
    )
    .expect("valid regex")
});

/// Whether a trigger body may change the row it is given: a statement assigns to `NEW` or a
/// field of it, or a query stores into it.
pub fn may_modify_new(body: &str) -> bool {
    ASSIGNS_NEW.is_match(&without_strings(&strip_comments(body)))
}

static RAISES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\braise\s*(;|exception\b|sqlstate\b|'|[a-z_]+\s*;)").expect("valid regex")
});

/// Whether a trigger body raises an error on some path (`RAISE EXCEPTION`, `RAISE 'msg'` at the
/// default level, a condition name, a re-raise); `RAISE NOTICE` and the like do not count.
pub fn may_raise(body: &str) -> bool {
    RAISES.is_match(&without_strings(&strip_comments(body)))
}

const NAME: &str = r#"(?:"[^"]+"|[a-z_][\w$]*)"#;

static INSERT_INTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\binsert\s+into\s+({NAME}(?:\s*\.\s*{NAME})?)\s*(\(\s*{NAME}(?:\s*,\s*{NAME})*\s*\))?"
    ))
    .expect("valid")
});

static QUALIFIED_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b([a-z_]\w*)\s+)?\b({NAME})\s*\.\s*({NAME})\s*\("
    ))
    .expect("valid")
});

/// An identifier as PostgreSQL folds it: quoted kept, unquoted lower case.
fn folded(ident: &str) -> String {
    let ident = ident.trim();
    match ident.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
        Some(q) => q.to_string(),
        None => ident.to_lowercase(),
    }
}

/// `schema . "Table"` as PostgreSQL names it: `schema.Table`.
fn folded_qualified(name: &str) -> String {
    name.split('.').map(folded).collect::<Vec<_>>().join(".")
}

/// A table an `INSERT` of a body writes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Inserted {
    /// As written (`schema.table` or `table`), folded.
    pub table: String,
    /// The column list, when the `INSERT` has one.
    pub columns: Option<Vec<String>>,
    /// The statement reads `NEW`.
    pub from_new: bool,
}

static READS_NEW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnew\s*\.").expect("valid regex"));

static DELETE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bdelete\s+from\s+(?:only\s+)?({NAME}(?:\s*\.\s*{NAME})?)"
    ))
    .expect("valid regex")
});

/// The tables a body deletes from (outside strings and comments), names folded.
pub fn deleted_tables(body: &str) -> Vec<String> {
    let text = without_strings(&strip_comments(body));
    let mut out: Vec<String> = Vec::new();
    for cap in DELETE_FROM.captures_iter(&text) {
        let name = folded_qualified(&cap[1]);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Whether a call of `function` in `body` passes a value of NEW (`f(NEW.release)`).
pub fn call_reads_new(body: &str, function: &str) -> bool {
    let text = without_strings(&strip_comments(body)).to_lowercase();
    let name = function.to_lowercase();
    text.match_indices(&name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = text[at + name.len()..].trim_start();
        let statement = rest.split(';').next().unwrap_or(rest);
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && rest.starts_with('(')
            && READS_NEW.is_match(statement)
    })
}

/// The tables a body inserts into.
pub fn inserted_tables(body: &str) -> Vec<Inserted> {
    let text = without_strings(&strip_comments(body));
    let mut out: Vec<Inserted> = Vec::new();
    for cap in INSERT_INTO.captures_iter(&text) {
        let name = folded_qualified(&cap[1]);
        let columns = cap.get(2).map(|m| {
            let inner = m
                .as_str()
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')');
            inner.split(',').map(folded).collect()
        });
        let rest = &text[cap.get(0).map_or(0, |m| m.end())..];
        let statement = rest.split(';').next().unwrap_or(rest);
        let entry = Inserted {
            table: name,
            columns,
            from_new: READS_NEW.is_match(statement),
        };
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

static NEW_CAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bnew\s*\.\s*({NAME})((?:\s*::\s*{NAME}(?:\s*\.\s*{NAME})?)+)"
    ))
    .expect("valid")
});

/// `NEW.column` casts in a body: `(column, last type cast to)`, names folded as PostgreSQL
/// folds them (`NEW."limitStrategy"::VARCHAR::v1_concurrency_strategy` →
/// `("limitStrategy", "v1_concurrency_strategy")`).
pub fn new_casts(body: &str) -> Vec<(String, String)> {
    let text = without_strings(&strip_comments(body));
    let mut out: Vec<(String, String)> = Vec::new();
    for cap in NEW_CAST.captures_iter(&text) {
        let column = folded(&cap[1]);
        let Some(last) = cap[2].rsplit("::").next() else {
            continue;
        };
        let ty: Vec<String> = last.split('.').map(|p| folded(p.trim())).collect();
        let entry = (column, ty.join("."));
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// The schema-qualified functions a body calls, `(schema, function)`, folded (a qualified name
/// followed by `(` after `INTO`, `FROM`, `JOIN`, `UPDATE`, … is a table, not a call).
pub fn qualified_calls(body: &str) -> Vec<(String, String)> {
    const TABLE_CONTEXT: [&str; 7] = [
        "into",
        "from",
        "join",
        "update",
        "table",
        "references",
        "only",
    ];
    let text = without_strings(&strip_comments(body));
    let mut out: Vec<(String, String)> = Vec::new();
    for cap in QUALIFIED_CALL.captures_iter(&text) {
        let before = cap.get(1).map(|m| m.as_str().to_lowercase());
        let (schema, function) = (folded(&cap[2]), folded(&cap[3]));
        if before.is_some_and(|b| TABLE_CONTEXT.contains(&b.as_str()))
            || matches!(schema.as_str(), "new" | "old")
        {
            continue;
        }
        if !out.contains(&(schema.clone(), function.clone())) {
            out.push((schema, function));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLIFY: &str = "
BEGIN
    IF NEW.type::int = TG_ARGV[0]::int THEN
        NEW.sort_name := NEW.name;
        NEW.begin_date_year := NULL;
        NEW.ended := FALSE;
        NEW.locale := NULL;
    END IF;
    RETURN NEW;
END;
";

    #[test]
    fn musicbrainz_simplify_search_hints_becomes_guarded_assignments() {
        let a = translate_trigger("plpgsql", SIMPLIFY, &["3".into()])
            .unwrap()
            .assignments;
        let cols: Vec<&str> = a.iter().map(|a| a.column.as_str()).collect();
        assert_eq!(cols, ["sort_name", "begin_date_year", "ended", "locale"]);
        assert_eq!(a[0].value.as_column(), Some("name"));
        let when = a[3].when.as_ref().unwrap();
        assert_eq!(when.columns(), ["type"]);
        assert!(format!("{when:?}").contains("\"3\""), "{when:?}");
        assert!(translate_trigger("plpgsql", SIMPLIFY, &[]).is_err());
    }

    #[test]
    fn elsif_and_else_are_exclusive_and_tg_op_is_insert() {
        let body = "begin if TG_OP = 'INSERT' then NEW.a = 1; elsif NEW.b then NEW.a = 2; \
                    else NEW.c := 'x'; end if; return new; end";
        let a = translate_trigger("plpgsql", body, &[]).unwrap().assignments;
        assert_eq!(a.len(), 3);
        assert_eq!(a[2].when.as_ref().unwrap().columns(), ["b"]);
    }

    #[test]
    fn unreadable_trigger_bodies_say_why() {
        let cases = [
            "BEGIN NEW.status = (SELECT status FROM edit WHERE id = NEW.edit); RETURN NEW; END;",
            "BEGIN IF NEW.a > (SELECT max(x) FROM t) THEN RAISE EXCEPTION 'no'; END IF; RETURN NEW; END;",
            "BEGIN NEW.x := 1; RETURN NULL; END;",
            "BEGIN NEW.x := OLD.x; RETURN NEW; END;",
            "DECLARE v int; BEGIN RETURN NEW; END;",
        ];
        for body in cases {
            assert!(translate_trigger("plpgsql", body, &[]).is_err(), "{body}");
        }
        // Re-testing a condition after its own branch changed it would be wrong: refused,
        // unless nothing follows the change.
        let body =
            |then: &str| format!("BEGIN IF NEW.x IS NULL THEN {then} END IF; RETURN NEW; END;");
        assert!(translate_trigger("plpgsql", &body("NEW.x := 1; NEW.y := 2;"), &[]).is_err());
        assert!(translate_trigger("plpgsql", &body("NEW.y := 2; NEW.x := 1;"), &[]).is_ok());
    }

    #[test]
    fn what_a_body_may_change_insert_and_call() {
        assert!(may_modify_new(
            "begin NEW.status = (select 1); return NEW; end"
        ));
        assert!(may_modify_new(
            "begin select * into new from t; return new; end"
        ));
        assert!(may_raise(
            "begin if x then raise exception 'no'; end if; return new; end"
        ));
        assert!(!may_raise("begin raise notice 'hi %', 1; return new; end"));
        assert!(!may_modify_new(
            "begin if (NEW.ended = TRUE) and x then raise exception 'NEW.a := 1'; end if; return NEW; end"
        ));
        let body = "BEGIN INSERT INTO artist_meta (id) VALUES (NEW.id); \
                    insert into app_private.user_secrets(user_id) values(NEW.id); RETURN NULL; END;";
        let found = inserted_tables(body);
        assert_eq!(found[0].table, "artist_meta");
        assert_eq!(found[0].columns, Some(vec!["id".to_string()]));
        assert_eq!(found[1].table, "app_private.user_secrets");
        // `VALUES (…)` and `SELECT …` are not a column list; only the first reads NEW.
        let body = "begin insert into t values (NEW.id); insert into u select 1; end";
        let found = inserted_tables(body);
        assert_eq!(
            (found[0].columns.is_none(), found[0].from_new),
            (true, true)
        );
        assert_eq!(
            (found[1].columns.is_none(), found[1].from_new),
            (true, false)
        );
        let body = "begin perform graphile_worker.add_job(tg_argv[0], json_build_object('id', NEW.id)); \
                    insert into app_private.t (a) values (1); return NEW; end";
        assert_eq!(
            qualified_calls(body),
            [("graphile_worker".to_string(), "add_job".to_string())]
        );
    }

    #[test]
    fn raise_conditions_become_rejections_reading_the_parent_row() {
        let body = "BEGIN
    IF NEW.area_attribute_text IS NOT NULL
        AND NOT EXISTS (
            SELECT TRUE FROM area_attribute_type
             WHERE area_attribute_type.id = NEW.area_attribute_type AND free_text)
    THEN
        RAISE EXCEPTION 'This attribute type can not contain free text';
    ELSE
        RETURN NEW;
    END IF;
END;";
        let m = translate_trigger("plpgsql", body, &[]).unwrap();
        assert!(m.assignments.is_empty());
        let [r] = m.rejections.as_slice() else {
            panic!("{m:?}")
        };
        assert_eq!(r.when.columns(), ["area_attribute_text", "__lookup__0"]);
        assert_eq!(r.lookups[0].by, "area_attribute_type");
        assert!(r.lookups[0].exists);
    }

    #[test]
    fn a_raise_under_elsif_and_informational_levels() {
        let body = "begin if NEW.a < 0 then raise exception 'negative %', NEW.a; \
                    elsif NEW.a > 10 then raise notice 'big'; NEW.b := 1; end if; return NEW; end";
        let m = translate_trigger("plpgsql", body, &[]).unwrap();
        assert_eq!(m.rejections.len(), 1);
        assert_eq!(m.rejections[0].when.columns(), ["a"]);
        assert_eq!(m.assignments.len(), 1);
    }

    #[test]
    fn a_condition_read_before_an_assignment_changes_it_is_not_modelled() {
        let body =
            "begin if NEW.a < 0 then raise exception 'x'; end if; NEW.a := 1; return NEW; end";
        assert!(translate_trigger("plpgsql", body, &[]).is_err());
        let joined = "begin if not exists (select 1 from a join b on a.id = b.a \
                      where a.id = NEW.a) then raise exception 'x'; end if; NEW.a := 2; \
                      return NEW; end";
        assert!(translate_trigger("plpgsql", joined, &[]).is_err());
    }

    #[test]
    fn casts_of_new_columns() {
        let body = "BEGIN INSERT INTO t SELECT NEW.\"limitStrategy\"::VARCHAR::v1_strategy, \
                    NEW.kind :: public.kind_t, NEW.n + 1; RETURN NULL; END";
        assert_eq!(
            new_casts(body),
            [
                ("limitStrategy".to_string(), "v1_strategy".to_string()),
                ("kind".to_string(), "public.kind_t".to_string())
            ]
        );
    }
}
