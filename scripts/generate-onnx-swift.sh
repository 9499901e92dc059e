#!/usr/bin/env bash
# Regenerates Sources/ONNXProto/onnx.pb.swift from proto/onnx.proto (ONNX 1.23.0's onnx/onnx.proto,
# Apache-2.0, unchanged). The generated file is committed, so builds never run the protobuf plugin;
# run this only when the schema changes. Needs protoc (Debian: protobuf-compiler) and
# protoc-gen-swift of the swift-protobuf version Package.swift names:
#   git clone --branch 1.39.0 https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   swift build -c release --product protoc-gen-swift --package-path /tmp/swift-protobuf
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift bash scripts/generate-onnx-swift.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift binary (see the comment above)}"
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public \
    --swift_out=Sources/ONNXProto --proto_path=proto proto/onnx.proto
echo "wrote Sources/ONNXProto/onnx.pb.swift"
