// next_generation.cpp — solved: 1, 2, ..., 32767, then 1 again; never 0.
#include "next_generation.h"

int next_generation(int generation) { return generation % 0x7FFF + 1; }
