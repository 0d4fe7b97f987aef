//! Server settings: debounce and severity threshold, from (lowest to highest
//! precedence) defaults, `[lsp]` in `mandate-lint.toml`, initializationOptions and the
//! client's workspace configuration (section `mandate-lint`).

use serde_json::Value;

use crate::diagnostic::Severity;

pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Delay between the last change and the check; 0 checks on every change.
    pub debounce_ms: u64,
    /// Diagnostics below this severity are not published.
    pub severity_threshold: Severity,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            severity_threshold: Severity::Info,
        }
    }
}

/// Settings the client sent explicitly; `None` means "not set, keep the file's value".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientSettings {
    pub debounce_ms: Option<u64>,
    pub severity_threshold: Option<Severity>,
}

impl ClientSettings {
    /// Reads `{"debounceMs": 0, "severityThreshold": "warning"}`, also accepting the
    /// object nested under a `mandate-lint` or `mandateLint` key and kebab-case keys.
    /// Unknown keys and wrong types are ignored: settings never break the server.
    pub fn from_json(value: &Value) -> ClientSettings {
        let obj = value
            .get("mandate-lint")
            .or_else(|| value.get("mandateLint"))
            .unwrap_or(value);
        let field = |names: &[&str]| names.iter().find_map(|n| obj.get(*n));
        let debounce_ms = field(&["debounceMs", "debounce-ms", "debounce_ms"]).and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        });
        let severity_threshold = field(&["severityThreshold", "severity-threshold", "severity"])
            .and_then(Value::as_str)
            .and_then(Severity::parse);
        ClientSettings {
            debounce_ms,
            severity_threshold,
        }
    }

    /// Later values win.
    pub fn merge(&mut self, newer: ClientSettings) {
        if newer.debounce_ms.is_some() {
            self.debounce_ms = newer.debounce_ms;
        }
        if newer.severity_threshold.is_some() {
            self.severity_threshold = newer.severity_threshold;
        }
    }
}

/// The `[lsp]` table of a `mandate-lint.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub debounce_ms: Option<u64>,
}

impl FileSettings {
    pub fn from_config(config: &crate::config::Config) -> FileSettings {
        FileSettings {
            debounce_ms: config.lsp.debounce_ms,
        }
    }
}

/// The effective settings.
pub fn resolve(file: &FileSettings, client: &ClientSettings) -> Settings {
    let mut s = Settings::default();
    if let Some(ms) = file.debounce_ms {
        s.debounce_ms = ms;
    }
    if let Some(ms) = client.debounce_ms {
        s.debounce_ms = ms;
    }
    if let Some(sev) = client.severity_threshold {
        s.severity_threshold = sev;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_json_in_several_shapes() {
        let a =
            ClientSettings::from_json(&json!({"debounceMs": 0, "severityThreshold": "warning"}));
        assert_eq!(a.debounce_ms, Some(0));
        assert_eq!(a.severity_threshold, Some(Severity::Warning));
        let b = ClientSettings::from_json(&json!({"mandate-lint": {"debounce-ms": 40}}));
        assert_eq!(b.debounce_ms, Some(40));
        let c = ClientSettings::from_json(&json!({"debounceMs": "soon", "severityThreshold": 3}));
        assert_eq!(c, ClientSettings::default());
    }

    #[test]
    fn file_then_client_precedence() {
        let config = crate::config::Config::from_str(
            "[lsp]\ndebounce-ms = 300\n",
            std::path::Path::new("mandate-lint.toml"),
        );
        let file = config
            .as_ref()
            .map(FileSettings::from_config)
            .unwrap_or_default();
        assert_eq!(file.debounce_ms, Some(300));
        assert_eq!(resolve(&file, &ClientSettings::default()).debounce_ms, 300);
        let client = ClientSettings {
            debounce_ms: Some(0),
            severity_threshold: None,
        };
        assert_eq!(resolve(&file, &client).debounce_ms, 0);
        assert_eq!(
            resolve(&FileSettings::default(), &client).severity_threshold,
            Severity::Info
        );
    }
}
