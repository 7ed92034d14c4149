//! An entry for a min-heap on a time-like key: `BinaryHeap` is a max-heap, so the order is
//! reversed, and equal keys come out in the order they went in (the sequence number), which keeps
//! every run deterministic. The event list and the shared CPU both order their entries this way.

use std::cmp::Ordering;

#[derive(Clone, Debug)]
pub struct Earliest<T> {
    pub key: f64,
    pub seq: u64,
    pub item: T,
}

impl<T> PartialEq for Earliest<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Earliest<T> {}
// The comparisons run tens of millions of times a run. The browser build is optimised for size
// (Cargo.toml, profile.web), where small functions are not inlined on their own; these are
// inlined by hand, which is where most of the engine's speed at opt-level "z" came back.
impl<T> PartialOrd for Earliest<T> {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
    // The heap's sifting uses these; their default bodies would be calls at opt-level "z".
    #[inline(always)]
    fn lt(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Less
    }
    #[inline(always)]
    fn le(&self, other: &Self) -> bool {
        self.cmp(other) != Ordering::Greater
    }
    #[inline(always)]
    fn gt(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Greater
    }
    #[inline(always)]
    fn ge(&self, other: &Self) -> bool {
        self.cmp(other) != Ordering::Less
    }
}
impl<T> Ord for Earliest<T> {
    // Reversed: greater means earlier.
    #[inline(always)]
    fn cmp(&self, other: &Self) -> Ordering {
        match total_order_bits(other.key).cmp(&total_order_bits(self.key)) {
            Ordering::Equal => other.seq.cmp(&self.seq),
            unequal => unequal,
        }
    }
}

/// `f64::total_cmp`'s ordering as an integer (the same bit trick), so that it inlines.
#[inline(always)]
fn total_order_bits(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}
