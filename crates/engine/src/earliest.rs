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
impl<T> PartialOrd for Earliest<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Earliest<T> {
    // Reversed: greater means earlier.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}
