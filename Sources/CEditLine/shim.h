/* libedit for Swift: Swift cannot call C variadic functions (el_set, el_get, history), so these
   small inline wrappers give each use a fixed signature. */
#ifndef QUARRY_CEDITLINE_SHIM_H
#define QUARRY_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>

typedef char *(*quarry_prompt_fn)(EditLine *);
typedef unsigned char (*quarry_command_fn)(EditLine *, int);

static inline FILE *quarry_stdin(void) { return stdin; }
static inline FILE *quarry_stdout(void) { return stdout; }
static inline FILE *quarry_stderr(void) { return stderr; }

static inline int quarry_el_set_prompt(EditLine *el, quarry_prompt_fn f) { return el_set(el, EL_PROMPT, f); }
static inline int quarry_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int quarry_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int quarry_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int quarry_el_add_function(EditLine *el, const char *name, const char *help, quarry_command_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int quarry_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}
static inline int quarry_el_set_client_data(EditLine *el, void *p) { return el_set(el, EL_CLIENTDATA, p); }
static inline void *quarry_el_client_data(EditLine *el) {
    void *p = NULL;
    el_get(el, EL_CLIENTDATA, &p);
    return p;
}
static inline int quarry_history_set_size(History *h, HistEvent *ev, int n) { return history(h, ev, H_SETSIZE, n); }
static inline int quarry_history_set_unique(History *h, HistEvent *ev, int on) { return history(h, ev, H_SETUNIQUE, on); }
static inline int quarry_history_enter(History *h, HistEvent *ev, const char *s) { return history(h, ev, H_ENTER, s); }
static inline int quarry_history_load(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_LOAD, path); }
static inline int quarry_history_save(History *h, HistEvent *ev, const char *path) { return history(h, ev, H_SAVE, path); }
/* H_LAST is the oldest entry, H_PREV the next newer one; ev->str holds it. */
static inline int quarry_history_last(History *h, HistEvent *ev) { return history(h, ev, H_LAST); }
static inline int quarry_history_prev(History *h, HistEvent *ev) { return history(h, ev, H_PREV); }
#endif
