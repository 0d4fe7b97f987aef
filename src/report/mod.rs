//! Reporters: human (codespan-reporting), concise, JSON, SARIF, GitHub, JUnit.
