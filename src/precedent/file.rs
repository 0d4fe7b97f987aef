//! The index file: one file, so it can be copied, checked in or shared like a
//! dictionary.
//!
//! ```text
//! offset  size  content
//! 0       8     magic "MLPRECIX"
//! 8       4     format version (u32, little-endian)
//! 12      8     payload length in bytes (u64, little-endian)
//! 20      4     CRC-32 of the payload (u32, little-endian)
//! 24      …     payload: sections, each  name length (u32) · name · data length (u64) · data
//! ```
//!
//! The header is checked before anything else is believed: a file that does not start
//! with the magic is foreign, an older format version is refused with "rebuild it", a
//! payload shorter than announced is truncated, a checksum mismatch is corruption. Each
//! is one line naming the file ([`IndexError`]).

use std::fmt;
use std::path::{Path, PathBuf};

/// The first bytes of every precedent index.
pub const MAGIC: &[u8; 8] = b"MLPRECIX";

/// Bumped whenever the payload changes in a way older readers cannot read.
pub const FORMAT_VERSION: u32 = 1;

const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// A precedent index that cannot be used, as one line: `path: problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexError {
    pub path: PathBuf,
    pub problem: String,
}

impl IndexError {
    pub fn new(path: &Path, problem: impl Into<String>) -> IndexError {
        IndexError {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for IndexError {}

const REBUILD: &str = "rebuild it with `mandate-lint index`";

/// Named byte sections, in the order they were added.
#[derive(Debug, Default)]
pub struct Sections {
    pub items: Vec<(String, Vec<u8>)>,
}

impl Sections {
    pub fn push(&mut self, name: impl Into<String>, data: Vec<u8>) {
        self.items.push((name.into(), data));
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.items
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_slice())
    }

    /// The whole file: header and payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        for (name, data) in &self.items {
            payload.extend_from_slice(&(name.len() as u32).to_le_bytes());
            payload.extend_from_slice(name.as_bytes());
            payload.extend_from_slice(&(data.len() as u64).to_le_bytes());
            payload.extend_from_slice(data);
        }
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Reads a whole file's bytes; `path` names the file in errors.
    pub fn decode(path: &Path, bytes: &[u8]) -> Result<Sections, IndexError> {
        let err = |p: String| IndexError::new(path, p);
        let foreign = || {
            err("not a mandate-lint precedent index (build one with `mandate-lint index DIR… -o FILE`)".into())
        };
        let magic = bytes.get(..MAGIC.len()).ok_or_else(foreign)?;
        if magic != MAGIC {
            return Err(foreign());
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
        };
        let truncated = |total: usize| {
            err(format!(
                "truncated precedent index ({} of {total} bytes); {REBUILD}",
                bytes.len()
            ))
        };
        let version = r.u32().ok_or_else(|| truncated(HEADER_LEN))?;
        if version < FORMAT_VERSION {
            return Err(err(format!(
                "precedent index of an older format (version {version}; this mandate-lint reads version {FORMAT_VERSION}): {REBUILD}"
            )));
        }
        if version > FORMAT_VERSION {
            return Err(err(format!(
                "precedent index of a newer format (version {version}; this mandate-lint reads version {FORMAT_VERSION}): update mandate-lint, or {REBUILD}"
            )));
        }
        let len = r.u64().ok_or_else(|| truncated(HEADER_LEN))?;
        let crc = r.u32().ok_or_else(|| truncated(HEADER_LEN))?;
        let total = usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(HEADER_LEN))
            .ok_or_else(|| {
                err(format!(
                    "corrupt precedent index (bad payload length); {REBUILD}"
                ))
            })?;
        let payload = bytes
            .get(HEADER_LEN..total)
            .ok_or_else(|| truncated(total))?;
        if bytes.len() > total {
            return Err(err(format!(
                "corrupt precedent index ({} bytes after the end of the index); {REBUILD}",
                bytes.len() - total
            )));
        }
        if crc32fast::hash(payload) != crc {
            return Err(err(format!(
                "corrupt precedent index (checksum mismatch); {REBUILD}"
            )));
        }
        let mut r = Reader {
            bytes: payload,
            at: 0,
        };
        let mut sections = Sections::default();
        let bad = || {
            err(format!(
                "corrupt precedent index (bad section table); {REBUILD}"
            ))
        };
        while r.at < payload.len() {
            let name_len = r.u32().ok_or_else(bad)?;
            let name = r
                .take(usize::try_from(name_len).map_err(|_| bad())?)
                .ok_or_else(bad)?;
            let name = std::str::from_utf8(name).map_err(|_| bad())?.to_string();
            let data_len = r.u64().ok_or_else(bad)?;
            let data = r
                .take(usize::try_from(data_len).map_err(|_| bad())?)
                .ok_or_else(bad)?;
            sections.push(name, data.to_vec());
        }
        Ok(sections)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
    fn u32(&mut self) -> Option<u32> {
        let b: [u8; 4] = self.take(4)?.try_into().ok()?;
        Some(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Option<u64> {
        let b: [u8; 8] = self.take(8)?.try_into().ok()?;
        Some(u64::from_le_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut s = Sections::default();
        s.push("meta", b"{\"a\":1}".to_vec());
        s.push("tantivy/meta.json", vec![1, 2, 3]);
        s.encode()
    }

    fn problem(bytes: &[u8]) -> String {
        Sections::decode(Path::new("x.mlpi"), bytes)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn round_trip() -> Result<(), IndexError> {
        let s = Sections::decode(Path::new("x"), &sample())?;
        assert_eq!(s.get("meta"), Some(&b"{\"a\":1}"[..]));
        assert_eq!(s.get("tantivy/meta.json"), Some(&[1u8, 2, 3][..]));
        assert_eq!(s.get("nothing"), None);
        Ok(())
    }

    #[test]
    fn bad_files_are_one_line_naming_the_file() {
        let good = sample();
        assert!(problem(b"").starts_with("x.mlpi: not a mandate-lint precedent index"));
        assert!(problem(b"{\"version\": 1}").contains("not a mandate-lint precedent index"));
        let cut = good.get(..good.len() - 3).unwrap_or_default();
        assert!(
            problem(cut).contains("truncated precedent index"),
            "{}",
            problem(cut)
        );
        let head = good.get(..10).unwrap_or_default();
        assert!(problem(head).contains("truncated"), "{}", problem(head));
        let mut flipped = good.clone();
        if let Some(b) = flipped.last_mut() {
            *b ^= 0x55;
        }
        assert!(problem(&flipped).contains("checksum mismatch"));
        let mut old = good.clone();
        old.splice(8..12, 0u32.to_le_bytes());
        assert!(problem(&old).contains("older format (version 0"));
        assert!(problem(&old).ends_with("rebuild it with `mandate-lint index`"));
        let mut longer = good;
        longer.push(0);
        assert!(problem(&longer).contains("after the end"));
        for p in [problem(&flipped), problem(&old), problem(b"")] {
            assert!(!p.contains('\n'));
        }
    }
}
