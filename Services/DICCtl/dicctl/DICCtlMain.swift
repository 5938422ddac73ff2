// dicctl: the command line for officers and operators; its commands live in DICCtlKit.
import DICCtlKit

@main
struct DICCtlMain {
    /// In an async function the async `AsyncParsableCommand.main()` is chosen; top-level code
    /// picked the synchronous one, which refuses an async root command.
    static func main() async {
        await DICCtl.main()
    }
}
