//! The errors that keep a file from becoming text.

use miette::Diagnostic;
use thiserror::Error;

/// Why a file could not be turned into a [`SourceFile`](super::SourceFile).
///
/// Every variant names the file and carries a stable code (the `S` series; parse problems are the
/// `P` series). The codes are part of the CLI's interface, so they never change meaning:
///
/// | code   | variant                            | meaning                                              |
/// |--------|------------------------------------|------------------------------------------------------|
/// | `S001` | [`Unreadable`](Self::Unreadable)   | the path does not exist, cannot be read or walked    |
/// | `S002` | [`Empty`](Self::Empty)             | zero bytes, or nothing but whitespace                |
/// | `S003` | [`Binary`](Self::Binary)           | NUL bytes or many control characters: not text       |
/// | `S004` | [`Undecodable`](Self::Undecodable) | invalid bytes in every supported encoding            |
/// | `S005` | [`LegacyOffice`](Self::LegacyOffice) | `.doc`, `.wps`, encrypted Office or RTF: not `.docx` |
/// | `S006` | [`NotDocx`](Self::NotDocx)         | a corrupt zip, a zip that is not a Word document, bad XML |
/// | `S007` | [`TooLarge`](Self::TooLarge)       | a Word document decompressing past the cap (zip bomb) |
/// | `S008` | [`OverLimit`](Self::OverLimit)     | a file or its decoded text past [`MAX_INPUT_BYTES`](super::MAX_INPUT_BYTES) |
/// | `S009` | [`NotPdf`](Self::NotPdf)           | a damaged, password-protected or oversized PDF        |
/// | `S010` | [`NoTextLayer`](Self::NoTextLayer) | a PDF without text (scanned pages): OCR is needed     |
#[derive(Debug, Error, Diagnostic)]
pub enum SourceError {
    #[error("无法读取文件 {name}：{reason}")]
    #[diagnostic(code(S001), help("请检查路径是否存在、是否有读取权限。"))]
    Unreadable {
        name: String,
        /// The failure in words, in Chinese; the OS message follows as the source.
        reason: String,
        #[source]
        source: Option<std::io::Error>,
    },

    #[error("文件 {name} 是空的{detail}")]
    #[diagnostic(
        code(S002),
        help("请确认文件已完整保存或导出，且包含政务公开工作要点的正文。")
    )]
    Empty {
        name: String,
        /// `（0 字节）` or `（只有空白字符）`, so that the two cases read differently.
        detail: &'static str,
    },

    #[error("文件 {name} 不是文本文件：{evidence}")]
    #[diagnostic(
        code(S003),
        help(
            "wenshen 读取纯文本（.txt、.md）、Word 文档（.docx）、网页（.html）和带文字层的 PDF；其他文件请先导出为纯文本。"
        )
    )]
    Binary { name: String, evidence: String },

    #[error(
        "无法解码文件 {name}：按 {tried} 解码时，第 {line} 行（字节偏移 {offset}）处有无效字节序列 {bad_bytes}"
    )]
    #[diagnostic(
        code(S004),
        help(
            "支持的编码：UTF-8（可带 BOM）、带 BOM 的 UTF-16、GB18030/GBK、Big5。\
             文件可能已损坏，或用了其他编码；请用编辑器另存为 UTF-8 后重试。"
        )
    )]
    Undecodable {
        name: String,
        /// 1-based line of the invalid sequence in the file as it is (before line-ending
        /// normalization), for finding it in an editor.
        line: usize,
        /// Byte offset, 0-based from the start of the file (BOM included), of the first invalid
        /// sequence.
        offset: usize,
        /// The invalid sequence in hex, e.g. `0xFF 0x41`.
        bad_bytes: String,
        /// The encoding whose decoding got furthest before failing, the most plausible one.
        tried: &'static str,
    },

    #[error("文件 {name} 是{kind}，wenshen 无法读取")]
    #[diagnostic(
        code(S005),
        help(
            "请用 Word 或 WPS 打开该文件，另存为 .docx 格式（Word 文档）后重试；\
             设有打开密码的文件请先取消密码，再另存为 .docx。"
        )
    )]
    LegacyOffice {
        name: String,
        /// What the file is, in words: `旧版 Word 二进制文件（.doc）…`, `设有打开密码…`.
        kind: &'static str,
    },

    #[error("无法读取 Word 文档 {name}：{reason}")]
    #[diagnostic(
        code(S006),
        help("文件可能已损坏或不是 Word 文档；请用 Word 或 WPS 打开后重新另存为 .docx 再试。")
    )]
    NotDocx {
        name: String,
        /// What is wrong, in Chinese, with the zip library's or XML parser's words in brackets.
        reason: String,
    },

    #[error("Word 文档 {name} 解压后超过 {limit_mib} MiB，为防范压缩炸弹已停止读取")]
    #[diagnostic(code(S007), help("请确认文件来源可靠；确实很大的文档请拆分后再检查。"))]
    TooLarge { name: String, limit_mib: u64 },

    #[error("文件 {name} 的{what}超过 {limit_mib} MiB 的上限，未检查")]
    #[diagnostic(
        code(S008),
        help("wenshen 读取的文件及其解码后的文字都以此为限；确实很大的文档请拆分后再检查。")
    )]
    OverLimit {
        name: String,
        /// What is too large, in words: `大小`, `解码后的文字`.
        what: &'static str,
        limit_mib: u64,
    },

    #[error("无法读取 PDF 文件 {name}：{reason}")]
    #[diagnostic(
        code(S009),
        help(
            "请用 PDF 阅读器打开该文件确认它完好；设有打开密码的文件请先取消密码再另存，\
             也可以把文字导出为 .txt 或另存为 .docx 后再检查。"
        )
    )]
    NotPdf {
        name: String,
        /// What is wrong, in Chinese, with the PDF library's words in brackets.
        reason: String,
    },

    #[error(
        "PDF 文件 {name} 的 {pages} 页中都没有文字层（可能是扫描件或图片），无法读取其中的文字"
    )]
    #[diagnostic(
        code(S010),
        help(
            "需要先做文字识别（OCR）：请用带 OCR 功能的软件把它转为带文字层的 PDF，\
             或把识别出的文字另存为 .docx、.txt 后再检查。"
        )
    )]
    NoTextLayer { name: String, pages: usize },
}

impl SourceError {
    /// The file the error is about, as given.
    pub fn name(&self) -> &str {
        match self {
            SourceError::Unreadable { name, .. }
            | SourceError::Empty { name, .. }
            | SourceError::Binary { name, .. }
            | SourceError::Undecodable { name, .. }
            | SourceError::LegacyOffice { name, .. }
            | SourceError::NotDocx { name, .. }
            | SourceError::TooLarge { name, .. }
            | SourceError::OverLimit { name, .. }
            | SourceError::NotPdf { name, .. }
            | SourceError::NoTextLayer { name, .. } => name,
        }
    }

    /// `name` or its text (`what`) is past [`MAX_INPUT_BYTES`](super::MAX_INPUT_BYTES).
    pub fn too_large(name: impl Into<String>, what: &'static str) -> Self {
        SourceError::OverLimit {
            name: name.into(),
            what,
            limit_mib: super::MAX_INPUT_BYTES / (1024 * 1024),
        }
    }

    /// A path that is not a regular file (a FIFO would block the run, a device never ends).
    pub fn not_regular(name: impl Into<String>) -> Self {
        SourceError::Unreadable {
            name: name.into(),
            reason: "不是普通文件（是设备、管道或套接字），未读取".to_string(),
            source: None,
        }
    }

    /// An I/O failure on `name`, with the reason in Chinese for the common kinds.
    pub fn unreadable(name: impl Into<String>, error: std::io::Error) -> Self {
        use std::io::ErrorKind;
        let reason = match error.kind() {
            ErrorKind::NotFound => "路径不存在".to_string(),
            ErrorKind::PermissionDenied => "没有读取权限".to_string(),
            ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
            ErrorKind::InvalidData => "数据无效".to_string(),
            _ => "读取时发生输入输出错误".to_string(),
        };
        SourceError::Unreadable {
            name: name.into(),
            reason,
            source: Some(error),
        }
    }
}
