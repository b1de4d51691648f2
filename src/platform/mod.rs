//! Every difference between platforms, in one place: the rest of the code calls these functions
//! and never mentions a platform. Each platform's file has the same function names.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;
