//! One file per page of the console.

pub mod audit;
pub mod catalog;
pub mod inquiries;
pub mod people;
pub mod profile;
pub mod setup;
pub mod sign_in;
