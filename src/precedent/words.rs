//! The word table: every clause's interned words, little-endian u32s.
//!
//! ```text
//! clauses (u32) · starts (clauses + 1 × u32, non-decreasing) · ids (u32 each)
//! ```

/// Encodes clauses' id sequences.
pub fn encode(clauses: &[Vec<u32>]) -> Vec<u8> {
    let total: usize = clauses.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(4 * (2 + clauses.len() + total));
    out.extend_from_slice(&(clauses.len() as u32).to_le_bytes());
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for c in clauses {
        at += c.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    for id in clauses.iter().flatten() {
        out.extend_from_slice(&id.to_le_bytes());
    }
    out
}

/// (starts, ids), checked against the number of clauses and the vocabulary size.
pub fn decode(bytes: &[u8], clauses: usize, vocabulary: usize) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut words = bytes
        .chunks_exact(4)
        .map(|c| c.try_into().ok().map(u32::from_le_bytes));
    if !bytes.len().is_multiple_of(4) || words.next()?? as usize != clauses {
        return None;
    }
    let starts: Vec<u32> = (0..=clauses)
        .map(|_| words.next()?)
        .collect::<Option<_>>()?;
    let ids: Vec<u32> = words.collect::<Option<_>>()?;
    let ordered = starts.windows(2).all(|w| w.first() <= w.get(1));
    let complete =
        starts.first() == Some(&0) && starts.last().map(|&l| l as usize) == Some(ids.len());
    let known = ids.iter().all(|&id| (id as usize) < vocabulary);
    (ordered && complete && known).then_some((starts, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_checks() {
        let clauses = vec![vec![0, 1, 2], vec![], vec![2, 2]];
        let bytes = encode(&clauses);
        let (starts, ids) = decode(&bytes, 3, 3).unwrap_or_default();
        assert_eq!(starts, vec![0, 3, 3, 5]);
        assert_eq!(ids, vec![0, 1, 2, 2, 2]);
        assert!(decode(&bytes, 2, 3).is_none(), "wrong clause count");
        assert!(decode(&bytes, 3, 2).is_none(), "id outside the vocabulary");
        assert!(decode(bytes.get(..bytes.len() - 4).unwrap_or_default(), 3, 3).is_none());
        assert!(decode(&[1, 2, 3], 0, 0).is_none());
    }
}
