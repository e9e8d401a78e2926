//! Randomness with a contract: values depend only on the seed, names and row index.
//!
//! - [`derive_key`] turns (seed, table, column, purpose) into a 256-bit key with our own stable
//!   hash (FNV-1a + SplitMix64), so no library upgrade can change it.
//! - [`block_stream`]: a ChaCha8 stream per (column, block of rows): blocks can be generated on
//!   any thread in any order and still give the same bytes.
//! - [`RowRng`]: a counter-based generator for one (column, row). Key columns and foreign-key
//!   choices use it, because a child must compute its parent's key at any row index without
//!   generating the rows before it.
//! - [`Permutation`]: a keyed bijection of `[0, n)` (Feistel network with cycle walking), the
//!   basis of uniqueness by construction with O(1) memory.

use rand::{SeedableRng, TryRng};
use rand_chacha::ChaCha8Rng;

/// Rows per block. Fixed forever: changing it changes every non-key value.
pub const BLOCK_ROWS: u64 = 1024;

/// A 256-bit key from the seed and a path of names.
pub fn derive_key(seed: u64, parts: &[&str]) -> [u8; 32] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(&seed.to_le_bytes());
    for p in parts {
        feed(&(p.len() as u64).to_le_bytes());
        feed(p.as_bytes());
    }
    let mut state = h;
    let mut key = [0u8; 32];
    for chunk in key.chunks_mut(8) {
        chunk.copy_from_slice(&splitmix(&mut state).to_le_bytes());
    }
    key
}

/// The first 64 bits of a key, for the counter-based generators.
pub fn key64(key: &[u8; 32]) -> u64 {
    u64::from_le_bytes(key[..8].try_into().expect("8 bytes"))
}

/// The ChaCha8 stream of `key` for block `block`.
pub fn block_stream(key: &[u8; 32], block: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::from_seed(*key);
    rng.set_stream(block);
    rng
}

#[inline]
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix64(*state)
}

/// A strong 64-bit finaliser (SplitMix64's): a bijection with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash of (key, index): the same inputs give the same 64 bits.
#[inline]
pub fn hash_at(key: u64, index: u64) -> u64 {
    mix64(key ^ mix64(index.wrapping_add(0x632b_e59b_d9b4_e019)))
}

/// Counter-based generator for one (key, row, attempt).
#[derive(Debug, Clone)]
pub struct RowRng {
    state: u64,
}

impl RowRng {
    pub fn new(key: u64, row: u64) -> RowRng {
        RowRng {
            state: hash_at(key, row),
        }
    }
}

impl TryRng for RowRng {
    type Error = std::convert::Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((splitmix(&mut self.state) >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(splitmix(&mut self.state))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = splitmix(&mut self.state).to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

/// A keyed bijection of `[0, n)`.
#[derive(Debug, Clone, Copy)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    pub fn new(n: u64, key: u64) -> Permutation {
        // Smallest even bit width whose domain covers n (at least 2 bits).
        let bits = (64 - n.saturating_sub(1).leading_zeros()).max(2);
        let bits = bits + (bits & 1);
        let mut state = key;
        Permutation {
            n,
            half_bits: bits / 2,
            keys: [
                splitmix(&mut state),
                splitmix(&mut state),
                splitmix(&mut state),
                splitmix(&mut state),
            ],
        }
    }

    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The image of `i` (`i < n`).
    #[inline]
    pub fn apply(&self, i: u64) -> u64 {
        // Outside the domain the walk would never return: the planner sizes every permutation
        // for the rows it serves, so this is a bug, reported rather than hung on.
        assert!(i < self.n, "permutation of {} applied to {i}", self.n);
        let mut x = i;
        // Cycle walking: the Feistel network permutes [0, 4^half); walk until we land in [0, n).
        loop {
            x = self.feistel(x);
            if x < self.n {
                return x;
            }
        }
    }

    #[inline]
    fn feistel(&self, x: u64) -> u64 {
        let mask = if self.half_bits >= 32 {
            u64::MAX >> (64 - self.half_bits)
        } else {
            (1u64 << self.half_bits) - 1
        };
        let (mut l, mut r) = (x >> self.half_bits, x & mask);
        for k in self.keys {
            let f = mix64(r ^ k) & mask;
            (l, r) = (r, l ^ f);
        }
        (l << self.half_bits) | r
    }
}

/// A uniform draw in `[0, n)` from 64 random bits (Lemire's multiply; bias < n / 2^64).
#[inline]
pub fn below(bits: u64, n: u64) -> u64 {
    ((bits as u128 * n as u128) >> 64) as u64
}

/// A float in `[0, 1)` from 64 random bits.
#[inline]
pub fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn keys_depend_on_every_part() {
        let a = derive_key(7, &["public.users", "email"]);
        assert_eq!(a, derive_key(7, &["public.users", "email"]));
        assert_ne!(a, derive_key(8, &["public.users", "email"]));
        assert_ne!(a, derive_key(7, &["public.users", "name"]));
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        assert_ne!(derive_key(1, &["ab", "c"]), derive_key(1, &["a", "bc"]));
    }

    #[test]
    fn permutations_are_bijections() {
        for n in [1u64, 2, 3, 10, 97, 1000, 4097] {
            let p = Permutation::new(n, 42);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.apply(i);
                assert!(j < n);
                assert!(!seen[j as usize], "n={n} i={i}");
                seen[j as usize] = true;
            }
        }
        // Large domains work without walking forever.
        let p = Permutation::new(1 << 62, 9);
        assert!(p.apply(123) < 1 << 62);
    }

    #[test]
    fn streams_are_reproducible_per_block() {
        let k = derive_key(1, &["t", "c"]);
        let a: Vec<u64> = (0..3).map(|_| block_stream(&k, 5).next_u64()).collect();
        assert!(a.iter().all(|&x| x == a[0]));
        assert_ne!(
            block_stream(&k, 5).next_u64(),
            block_stream(&k, 6).next_u64()
        );
        let mut r1 = RowRng::new(3, 10);
        let mut r2 = RowRng::new(3, 10);
        assert_eq!(r1.next_u64(), r2.next_u64());
        assert_ne!(RowRng::new(3, 10).next_u64(), RowRng::new(3, 11).next_u64());
    }
}
