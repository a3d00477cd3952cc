// next_generation.h — the exercise of stage 11: the generation a reused slot gets next.
#pragma once

int next_generation(int generation);  // what accept_client would use instead of ++generation
