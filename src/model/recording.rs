//! A guide read aloud: a recording per language, in one or more sound formats.

/// The sound formats a recording may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AudioFormat {
    Mp3,
    M4a,
    Ogg,
    Opus,
}

impl AudioFormat {
    pub fn extension(self) -> &'static str {
        match self {
            AudioFormat::Mp3 => "mp3",
            AudioFormat::M4a => "m4a",
            AudioFormat::Ogg => "ogg",
            AudioFormat::Opus => "opus",
        }
    }

    /// As staff know it.
    pub fn name(self) -> &'static str {
        match self {
            AudioFormat::Mp3 => "MP3",
            AudioFormat::M4a => "M4A (AAC)",
            AudioFormat::Ogg => "Ogg",
            AudioFormat::Opus => "Opus",
        }
    }

    /// The media type a browser chooses a source by.
    pub fn mime(self) -> &'static str {
        match self {
            AudioFormat::Mp3 => "audio/mpeg",
            AudioFormat::M4a => "audio/mp4",
            AudioFormat::Ogg => "audio/ogg",
            AudioFormat::Opus => "audio/ogg; codecs=opus",
        }
    }
}

/// One file of a recording.
#[derive(Clone, Debug, PartialEq)]
pub struct AudioSource {
    /// Relative to the site folder, with `/`: `guides/first-week.ar.mp3`.
    pub file: String,
    pub format: AudioFormat,
    /// In bytes.
    pub len: u64,
    /// Of its bytes, in hex: what the published file is named by.
    pub digest: String,
}

/// A guide read aloud in one language: its files (the same recording in several formats, the
/// smallest a browser plays first), and how long it plays.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub sources: Vec<AudioSource>,
    pub seconds: Option<f64>,
}

impl Recording {
    /// `m:ss`, or `h:mm:ss` from an hour.
    pub fn length(&self) -> Option<String> {
        let total = self.seconds?.round() as u64;
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        Some(if h > 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{m}:{s:02}")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_like_a_player() {
        let r = |seconds| Recording {
            sources: Vec::new(),
            seconds,
        };
        assert_eq!(r(Some(192.4)).length().as_deref(), Some("3:12"));
        assert_eq!(r(Some(7.6)).length().as_deref(), Some("0:08"));
        assert_eq!(r(Some(3723.0)).length().as_deref(), Some("1:02:03"));
        assert_eq!(r(None).length(), None);
    }
}
