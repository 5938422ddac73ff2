import Testing

@testable import DICCtlKit

/// A file name from the server is the server's word, not a path: dicctl writes only inside the
/// directory the user chose.
struct ReportCommandTests {
    @Test(arguments: [
        ("bao-cao-quy-1-2023.html", "bao-cao-quy-1-2023.html"),
        ("../../etc/cron.d/x", "x"),
        ("/etc/passwd", "passwd"),
        ("..", "bao-cao"),
        ("a/..", "bao-cao"),
        ("", "bao-cao"),
        ("báo\u{0}cáo\n.md", "báocáo.md"),
        ("dir\\..\\x", "dir..x"),
    ])
    func serverFileNamesKeepOnlyTheirLastComponent(_ offered: String, _ expected: String) {
        #expect(ReportCommand.localFileName(offered) == expected)
    }
}
