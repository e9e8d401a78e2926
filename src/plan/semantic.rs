//! What a column's name (and its table's name) says about its values: the planner's reading of
//! the name vocabulary ([`crate::values::vocab`]), which the data-design document reads too.
//!
//! The result is a [`Semantic`] hint; the planner checks it against the column's type and
//! constraints before using it.

use crate::values::vocab;
pub use crate::values::vocab::Semantic;

/// Infer a hint from the column and table names: the kind of the first vocabulary rule that
/// matches.
pub fn infer(table: &str, column: &str) -> Option<Semantic> {
    vocab::meaning(table, column).semantic
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::text::TextKind;

    #[test]
    fn common_columns() {
        use TextKind as K;
        assert_eq!(infer("users", "email"), Some(Semantic::Text(K::Email)));
        assert_eq!(
            infer("users", "contactEmail"),
            Some(Semantic::Text(K::Email))
        );
        assert_eq!(
            infer("users", "email_verified_at"),
            Some(Semantic::LaterEvent)
        );
        assert_eq!(infer("users", "name"), Some(Semantic::Text(K::FullName)));
        assert_eq!(infer("companies", "name"), Some(Semantic::Text(K::Company)));
        assert_eq!(
            infer("products", "name"),
            Some(Semantic::Text(K::ProductName))
        );
        assert_eq!(infer("orders", "created_at"), Some(Semantic::Created));
        assert_eq!(infer("orders", "updatedAt"), Some(Semantic::Updated));
        assert_eq!(infer("t", "deleted_at"), Some(Semantic::Deleted));
        assert_eq!(infer("t", "is_active"), Some(Semantic::Flag(0.85)));
        assert_eq!(infer("t", "published"), Some(Semantic::Flag(0.6)));
        assert_eq!(infer("t", "unit_price"), Some(Semantic::Amount(1.0, 999.0)));
        assert_eq!(infer("t", "usage_count"), Some(Semantic::Count(0, 1000)));
        assert_eq!(
            infer("t", "country_code"),
            Some(Semantic::Text(K::CountryCode))
        );
        assert_eq!(infer("t", "ip_address"), Some(Semantic::Text(K::Ipv4)));
        assert_eq!(infer("t", "last_login_ip"), Some(Semantic::Text(K::Ipv4)));
        assert_eq!(infer("t", "configuration"), Some(Semantic::JsonSettings));
        assert_eq!(infer("t", "zzz"), None);
    }
}
