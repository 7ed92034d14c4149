//! What the native test files share.

use proptest::prelude::ProptestConfig;

/// `default` cases per property in CI; `PROPTEST_CASES=N` runs N instead, for a long run
/// (`ProptestConfig::with_cases` alone would ignore the variable).
pub fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}
