// oneDNN's C API (Debian: libdnnl-dev). ConvLab uses dnnl_sgemm for its matrix products on Linux.
#include <oneapi/dnnl/dnnl.h>
