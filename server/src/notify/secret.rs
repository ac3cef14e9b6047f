//! A value that must never reach a log: printed, it is `[hidden]`.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[hidden]")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_secret_prints_as_hidden() {
        let secret: super::Secret = "smtp://u:hunter2@mail".parse().unwrap();
        assert_eq!(format!("{secret:?}"), "[hidden]");
        assert_eq!(secret.expose(), "smtp://u:hunter2@mail");
    }
}
