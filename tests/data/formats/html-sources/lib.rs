//! A tiny token-bucket rate limiter.
//!
//! Use [`Bucket`] to limit how often an action may run: each call to
//! [`Bucket::try_take`] spends one token, and tokens come back at a fixed rate.

/// A token bucket: `capacity` tokens, refilled at `rate` tokens per second.
///
/// # Examples
///
/// ```
/// use ratelimit::Bucket;
///
/// let mut bucket = Bucket::new(2, 1.0);
/// assert!(bucket.try_take(0.0));
/// assert!(bucket.try_take(0.0));
/// assert!(!bucket.try_take(0.0)); // empty until a token comes back
/// ```
///
/// <div class="warning">The clock is yours: pass seconds since any fixed start.</div>
///
/// | Field      | Meaning                          |
/// |------------|----------------------------------|
/// | `capacity` | the most tokens the bucket holds |
/// | `rate`     | tokens added per second          |
pub struct Bucket {
    capacity: u32,
    rate: f64,
    tokens: f64,
    last: f64,
}

impl Bucket {
    /// Creates a full bucket.
    ///
    /// # Panics
    ///
    /// Panics if `rate` is not positive.
    pub fn new(capacity: u32, rate: f64) -> Self {
        assert!(rate > 0.0, "rate must be positive");
        Bucket { capacity, rate, tokens: capacity as f64, last: 0.0 }
    }

    /// Takes one token at time `now` (in seconds), if there is one.
    ///
    /// Returns `true` when the action may run. Tokens refill as
    /// `min(capacity, tokens + (now - last) * rate)`.
    pub fn try_take(&mut self, now: f64) -> bool {
        self.tokens = (self.tokens + (now - self.last) * self.rate).min(self.capacity as f64);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
