#ifndef CIVI_CEDITLINE_SHIM_H
#define CIVI_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>

/* Swift 6 rejects touching libedit's mutable C globals directly; these accessors keep that in C. */
static inline void civi_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void civi_set_completion_over(int over) { rl_attempted_completion_over = over; }
static inline void civi_set_readline_name(const char *name) { rl_readline_name = (char *)name; }
static inline int civi_history_length(void) { return history_length; }
static inline int civi_history_base(void) { return history_base; }
static inline const char *civi_line_buffer(void) { return rl_line_buffer; }
static inline int civi_point(void) { return rl_point; }
static inline void civi_set_word_break_characters(const char *chars) { rl_basic_word_break_characters = (char *)chars; }
static inline void civi_set_completion_append_character(int c) { rl_completion_append_character = c; }
#endif
