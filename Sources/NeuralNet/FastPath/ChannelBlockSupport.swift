#if canImport(CDNNL)
import CDNNL
#endif

extension ActivationLayout {
    /// Whether oneDNN's fast convolution kernels on this processor take channel blocks of 16:
    /// its AVX-512 kernels do (and only they run Winograd, in oneDNN 2.6). Its AVX2 kernels block
    /// by 8, and a convolution asked for blocks of 16 there falls to oneDNN's reference kernel
    /// (`ref:any`): 30× slower than NHWC for the lab's CNN on an AVX2-only EPYC, and its input
    /// gradient did not match the NHWC network's. `Sequential` plans channel blocks only here.
    public static let channelBlocksRunFast: Bool = {
        #if canImport(CDNNL)
        let isa = dnnl_get_effective_cpu_isa().rawValue
        return isa & dnnl_cpu_isa_avx512_core.rawValue == dnnl_cpu_isa_avx512_core.rawValue
        #else
        return false
        #endif
    }()
}
