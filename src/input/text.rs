//! Text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 for
//! legacy drafts. Line ends are kept as they are: spans index the decoded original.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

pub(crate) struct Decoded {
    pub text: String,
    pub notes: Vec<String>,
}

/// Decodes a text file, or says in one line why it is not one.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        // A BOM claims UTF-8: no guessing at 1252 then.
        let text = std::str::from_utf8(rest)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3))?;
        check_controls(text, 3)?;
        return Ok(Decoded {
            text: text.to_string(),
            notes: Vec::new(),
        });
    }
    for (bom, encoding, label) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            if rest.len() % 2 != 0 {
                return Err(format!(
                    "invalid {label}: odd number of bytes ({}) after the byte-order mark",
                    rest.len()
                ));
            }
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| format!("invalid {label} (unpaired surrogate)"))?;
            check_controls(&text, 2)?;
            if text.is_empty() {
                return Err("empty file".into());
            }
            return Ok(Decoded {
                text: text.into_owned(),
                notes: vec![format!("decoded as {label} (byte-order mark)")],
            });
        }
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        // Every other byte NUL: UTF-16 without a byte-order mark.
        let hint = if looks_like_bomless_utf16(bytes) {
            "; UTF-16 without a byte-order mark? Save it as UTF-8"
        } else {
            ""
        };
        return Err(format!("binary file (NUL byte at {pos}{hint})"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            check_controls(text, 0)?;
            Ok(Decoded {
                text: text.to_string(),
                notes: Vec::new(),
            })
        }
        Err(e) => {
            let bad_at = e.valid_up_to();
            if plausible_windows_1252(bytes) {
                let (text, _, _) = WINDOWS_1252.decode(bytes);
                check_controls(&text, 0)?;
                Ok(Decoded {
                    text: text.into_owned(),
                    notes: vec![format!(
                        "decoded as Windows-1252 (not valid UTF-8 at byte {bad_at})"
                    )],
                })
            } else {
                Err(format!("invalid UTF-8 at byte {bad_at}"))
            }
        }
    }
}

/// Control characters other than tab, line ends, vertical tab and form feed (which
/// Word and PDF extractors emit) mean a binary file. A DOS end-of-file mark (0x1A) at
/// the very end is tolerated.
fn check_controls(text: &str, base: usize) -> Result<(), String> {
    let trimmed = text.strip_suffix('\u{1a}').unwrap_or(text);
    // Bytes, not chars: the characters refused are all ASCII, and no byte of a
    // multi-byte UTF-8 sequence is below 0x80, so this finds exactly the same ones at
    // the same offsets, about five times faster (bench/README.md). Blocks of 32 bytes
    // are first tested without branches (the compiler vectorises it): nearly every
    // text has none, and the byte-by-byte loop below only runs from a block with one.
    let bytes = trimmed.as_bytes();
    let refused = |b: u8| (b < 0x20 && !(b'\t'..=b'\r').contains(&b)) | (b == 0x7f);
    let clean = bytes
        .chunks(32)
        .take_while(|block| !block.iter().fold(false, |any, &b| any | refused(b)))
        .count()
        * 32;
    let Some((at, &byte)) = bytes
        .iter()
        .enumerate()
        .skip(clean)
        .find(|&(_, &b)| refused(b))
    else {
        return Ok(());
    };
    Err(if byte == 0 {
        format!("binary file (NUL byte at {})", base + at)
    } else {
        format!(
            "binary file (control character 0x{byte:02X} at byte {})",
            base + at
        )
    })
}

fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    let sample = bytes.get(..bytes.len().min(200)).unwrap_or(bytes);
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    half > 0 && (even_nuls * 10 >= half * 8 || odd_nuls * 10 >= half * 8)
}

/// Invalid UTF-8 that reads as Windows-1252 text: no byte that 1252 leaves undefined,
/// no C0 controls, and mostly ASCII (a document in a Latin script, with accents and
/// curly quotes here and there). Random binary fails the last two tests.
fn plausible_windows_1252(bytes: &[u8]) -> bool {
    const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    let mut high = 0usize;
    let mut letters = 0usize;
    for &b in bytes {
        if UNDEFINED.contains(&b) {
            return false;
        }
        if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x1A) {
            return false;
        }
        if b >= 0x80 {
            high += 1;
        } else if b.is_ascii_alphabetic() {
            letters += 1;
        }
    }
    // Western-European prose has at most a few percent of non-ASCII letters.
    high * 5 <= bytes.len() && letters * 2 >= bytes.len().saturating_sub(high) / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_accents_and_quotes_decode_with_a_note() {
        let bytes = b"Welcoming the \x93Accord de paix\x94 sign\xE9 in Bamako,\r\n";
        let decoded = decode(bytes).map_err(|e| e.to_string());
        let decoded = match decoded {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            decoded.text,
            "Welcoming the \u{201c}Accord de paix\u{201d} signé in Bamako,\r\n"
        );
        assert!(decoded.notes[0].starts_with("decoded as Windows-1252"));
    }

    proptest::proptest! {
        /// The block test finds what a byte-by-byte scan finds, at the same offset: text
        /// of mostly harmless bytes with the odd control character, at any distance
        /// from a block's edge.
        #[test]
        fn controls_are_found_wherever_they_are(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b' ', b'\n', b'\t', b'\r', 0x0b, 0x0c, 0x1a, 0x00, 0x07, 0x1f, 0x7f, b'~']),
                0..100,
            ),
            padding in 0usize..70,
        ) {
            let mut text = "x".repeat(padding);
            text.push_str(&String::from_utf8_lossy(&bytes));
            let trimmed = text.strip_suffix('\u{1a}').unwrap_or(&text);
            let first_bad = trimmed.bytes().position(|b| {
                !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) && (b < 0x20 || b == 0x7f)
            });
            let result = check_controls(&text, 0);
            match first_bad {
                None => proptest::prop_assert!(result.is_ok()),
                Some(at) => {
                    let err = result.err().unwrap_or_default();
                    proptest::prop_assert!(err.ends_with(&format!(" {at})")), "{}", err);
                }
            }
        }
    }

    #[test]
    fn random_high_bytes_are_not_1252() {
        let bytes: Vec<u8> = (0..200u8)
            .map(|i| 0x80 | (i.wrapping_mul(37) & 0x7f))
            .collect();
        let err = decode(&bytes).err().unwrap_or_default();
        assert!(
            err.starts_with("invalid UTF-8 at byte 0") || err.starts_with("binary"),
            "{err}"
        );
    }
}
