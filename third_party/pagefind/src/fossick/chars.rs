//! `char::is_alphanumeric` and `char::is_uppercase`, answered from a bit table for the Basic
//! Multilingual Plane (patched for wegwijs). The word splitting asks both for every character
//! of every word; outside ASCII the standard library searches its Unicode tables each time,
//! which was a tenth of the indexing time of a site in Arabic, Farsi and Tigrinya. The table
//! is made once, from the standard library's own answers, so the answers are the same.

use std::sync::LazyLock;

const BMP: usize = 0x1_0000;

struct Table {
    alphanumeric: Box<[u64]>,
    uppercase: Box<[u64]>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut alphanumeric = vec![0u64; BMP / 64].into_boxed_slice();
    let mut uppercase = vec![0u64; BMP / 64].into_boxed_slice();
    for (i, c) in (0..BMP as u32).filter_map(|i| Some((i as usize, char::from_u32(i)?))) {
        if c.is_alphanumeric() {
            alphanumeric[i / 64] |= 1 << (i % 64);
        }
        if c.is_uppercase() {
            uppercase[i / 64] |= 1 << (i % 64);
        }
    }
    Table {
        alphanumeric,
        uppercase,
    }
});

fn bit(table: &[u64], c: char) -> Option<bool> {
    let i = c as usize;
    (i < BMP).then(|| table[i / 64] & (1 << (i % 64)) != 0)
}

/// The same as `c.is_alphanumeric()`.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    bit(&TABLE.alphanumeric, c).unwrap_or_else(|| c.is_alphanumeric())
}

/// The same as `c.is_uppercase()`.
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    bit(&TABLE.uppercase, c).unwrap_or_else(|| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_answers_as_the_standard_library() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(super::is_uppercase(c), c.is_uppercase(), "{c:?}");
        }
    }
}
