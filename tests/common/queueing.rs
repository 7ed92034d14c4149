//! Closed forms and the tolerance check the validation tests share.

/// Fails unless `got` is within `rel` (relative) of `want`.
pub fn close(got: f64, want: f64, rel: f64, what: &str) {
    assert!(
        (got / want - 1.0).abs() <= rel,
        "{what}: got {got}, expected {want} within {}%",
        rel * 100.0
    );
}

/// Erlang C: the probability that an arrival to M/M/c waits.
pub fn erlang_c(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let rho = a / c as f64;
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 1..c {
        term *= a / k as f64;
        sum += term;
    }
    let last = term * a / c as f64 / (1.0 - rho);
    last / (sum + last)
}
