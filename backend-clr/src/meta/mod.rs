//! The assembly writer: an in-memory model of an ECMA-335 assembly
//! ([`model`]) and its encoding as a PE file ([`writer`]) with metadata
//! tables ([`tables`]), heaps ([`heaps`]) and PE/COFF headers ([`pe`]).
//! [`reader`] reads such a file back (for listings and tests).

pub mod heaps;
pub mod listing;
pub mod model;
pub mod pe;
pub mod reader;
pub mod tables;
pub mod writer;

#[cfg(test)]
mod roundtrip_tests;
