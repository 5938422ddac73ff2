import Logging
import NIOCore
import SQLKit

/// An `SQLDatabase` that changes how statements run and passes everything else through to `base`.
protocol WrappingSQLDatabase: SQLDatabase {
    var base: any SQLDatabase { get }
}

extension WrappingSQLDatabase {
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }
}
