#if canImport(CDNNL)
import CDNNL
#endif

/// Which library the Float GEMM goes to, for the report's reproducibility section.
public enum GEMMBackend {
    public static var description: String {
        #if canImport(Accelerate)
        "Accelerate cblas_sgemm"
        #elseif canImport(CDNNL)
        "\(library ?? "oneDNN") dnnl_sgemm"
        #else
        "reference loops"
        #endif
    }

    /// "oneDNN 2.6.3" where oneDNN is linked.
    public static var library: String? {
        #if canImport(CDNNL)
        dnnl_version().map { "oneDNN \($0.pointee.major).\($0.pointee.minor).\($0.pointee.patch)" } ?? "oneDNN"
        #else
        nil
        #endif
    }
}
