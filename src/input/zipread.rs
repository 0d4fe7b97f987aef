//! Reading a .docx container within limits: entry count, declared sizes and
//! compression ratios are checked from the central directory *before* anything is
//! inflated, and inflation stops at the declared size (a lying header cannot make us
//! read more).

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::Limits;

pub(crate) struct Container<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    read_so_far: u64,
    max_total: u64,
}

impl<'a> Container<'a> {
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, String> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a valid .docx: {e}"))?;
        if archive.len() > limits.max_zip_entries {
            return Err(format!(
                "not a valid .docx: {} zip entries, over the limit of {}",
                archive.len(),
                limits.max_zip_entries
            ));
        }
        let mut container = Container {
            archive,
            read_so_far: 0,
            max_total: limits.max_unzipped_bytes,
        };
        container.check_sizes(limits)?;
        Ok(container)
    }

    fn check_sizes(&mut self, limits: &Limits) -> Result<(), String> {
        let mut total: u64 = 0;
        for i in 0..self.archive.len() {
            let entry = self
                .archive
                .by_index_raw(i)
                .map_err(|e| format!("not a valid .docx: entry {i}: {e}"))?;
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            let size = entry.size();
            let packed = entry.compressed_size().max(1);
            if size >= limits.ratio_check_min_bytes && size / packed > limits.max_zip_ratio {
                return Err(format!(
                    "refused: .docx entry {name} would inflate {packed} bytes to {size} (ratio {} over the limit of {}; zip bomb?)",
                    size / packed,
                    limits.max_zip_ratio
                ));
            }
            total = total.saturating_add(size);
        }
        if total > limits.max_unzipped_bytes {
            return Err(format!(
                "refused: .docx would inflate to {total} bytes, over the limit of {} bytes",
                limits.max_unzipped_bytes
            ));
        }
        Ok(())
    }

    /// The bytes of entry `name`, `None` when the archive has no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| format!("not a valid .docx: {name}: {e}"))?;
        let declared = entry.size();
        let budget = self.max_total.saturating_sub(self.read_so_far);
        if declared > budget {
            return Err(format!(
                "refused: .docx entries inflate to more than {} bytes",
                self.max_total
            ));
        }
        let mut out = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
        // One byte past the declared size reveals a header that lies.
        entry
            .take(declared.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| format!("not a valid .docx: {name}: {e}"))?;
        if out.len() as u64 > declared {
            return Err(format!(
                "not a valid .docx: {name} inflates past its declared size"
            ));
        }
        self.read_so_far += out.len() as u64;
        Ok(Some(out))
    }
}
