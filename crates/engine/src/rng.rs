//! Seeded random streams. Each purpose (arrivals, request mix, work, network, ...) draws from its own
//! stream so that changing how one part of a model consumes randomness never shifts another part:
//! above all, the arrival trace is the same for every architecture given the same seed.

/// SplitMix64 finaliser: derives stream seeds and hashes request ids for trace sampling.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a stream is used for; the discriminant is mixed into the seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Arrivals = 1,
    Mix = 2,
    Work = 3,
    Network = 4,
    ColdStart = 5,
    Routing = 6,
}

/// xoshiro256++: small, fast, and identical on every platform (integer arithmetic only).
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn stream(seed: u64, purpose: Stream) -> Rng {
        let mut x = splitmix64(seed ^ (purpose as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mut s = [0u64; 4];
        for slot in &mut s {
            x = splitmix64(x);
            *slot = x;
        }
        Rng { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = (self.s[0].wrapping_add(self.s[3]))
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in (0, 1]: never zero, so `ln(u)` is always finite.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponential with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.uniform())
    }

    /// Standard normal (Box-Muller, one value per call to keep the stream simple).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
    }

    /// An index in 0..n, chosen by weight.
    pub fn weighted_index(&mut self, cumulative: &[f64]) -> usize {
        let total = *cumulative.last().unwrap_or(&0.0);
        let x = self.uniform() * total;
        cumulative
            .iter()
            .position(|&c| x <= c)
            .unwrap_or(cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_for_different_purposes_differ_and_repeat() {
        let a1: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, Stream::Arrivals);
                move |_| r.next_u64()
            })
            .collect();
        let a2: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, Stream::Arrivals);
                move |_| r.next_u64()
            })
            .collect();
        let w: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::stream(7, Stream::Work);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a1, a2);
        assert_ne!(a1, w);
    }

    #[test]
    fn uniform_and_exponential_have_the_right_moments() {
        let mut r = Rng::stream(1, Stream::Work);
        let n = 200_000;
        let (mut su, mut se) = (0.0, 0.0);
        for _ in 0..n {
            let u = r.uniform();
            assert!(u > 0.0 && u <= 1.0);
            su += u;
            se += r.exponential(2.0);
        }
        assert!((su / n as f64 - 0.5).abs() < 0.005);
        assert!((se / n as f64 - 2.0).abs() < 0.03);
    }

    #[test]
    fn normal_has_zero_mean_and_unit_variance() {
        let mut r = Rng::stream(3, Stream::Work);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
    }

    #[test]
    fn weighted_index_follows_weights() {
        let mut r = Rng::stream(5, Stream::Mix);
        let cumulative = [0.8, 1.0];
        let n = 100_000;
        let first = (0..n)
            .filter(|_| r.weighted_index(&cumulative) == 0)
            .count();
        assert!((first as f64 / n as f64 - 0.8).abs() < 0.01);
    }
}
