// dicctl: the command line for officers and operators; its commands live in DICCtlKit.
import DICCtlKit

await DICCtl.main()
