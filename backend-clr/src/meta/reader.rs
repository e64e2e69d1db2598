//! Reads back the assemblies the writer produces (placeholder).
