import ProtoCodeGen

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// protoc runs the plugin with a CodeGeneratorRequest on stdin and reads the response from stdout.
var input: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 65536)
while true {
    let count = read(0, &chunk, chunk.count)
    if count <= 0 { break }
    input.append(contentsOf: chunk[0..<count])
}
let output = CodeGenerator.run(request: input)
var written = 0
while written < output.count {
    let count = output[written...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    if count <= 0 { exit(1) }
    written += count
}
