#if canImport(CDNNL)
import CDNNL
#endif

/// Which library the Float GEMM goes to, for the report's reproducibility section.
public enum GEMMBackend {
    public static var description: String {
        #if canImport(Accelerate)
        "Accelerate cblas_sgemm"
        #elseif canImport(CDNNL)
        if let v = dnnl_version()?.pointee { "oneDNN \(v.major).\(v.minor).\(v.patch) dnnl_sgemm" } else { "oneDNN dnnl_sgemm" }
        #else
        "reference loops"
        #endif
    }
}
