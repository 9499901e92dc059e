// Cairo 2D graphics (Debian: libcairo2-dev). ConvLab draws every figure with it.
#include <cairo/cairo.h>
