% catch/3 and throw/1: user exceptions, ISO errors from built-ins, cleanup.
:- initialization(main).

safe_div(X, Y, Z) :-
    catch(Z is X / Y, error(evaluation_error(E), _), (write(caught(E)), nl, Z = undefined)).

check_age(A) :- ( integer(A) -> true ; throw(not_a_number(A)) ), ( A >= 0 -> true ; throw(negative(A)) ).

try(G) :-
    catch(G, Ball, (write(exception(Ball)), nl, fail)), !, write(ok(G)), nl.
try(G) :- write(failed(G)), nl.

kind(error(E, _), K) :- !, functor(E, K, _).
kind(B, B).

error_kind(G) :- catch((G, K = none), B, kind(B, K)), write(K), nl.

deep(0) :- throw(bottom).
deep(N) :- N1 is N - 1, deep(N1).

count(N) :- catch(member(N, [1, 2, 3]), _, true).

main :-
    safe_div(10, 2, A), write(A), nl,
    safe_div(1, 0, B), write(B), nl,
    try(check_age(30)),
    try(check_age(-4)),
    try(check_age(old)),
    try(fail),
    error_kind(_ is foo + 1),
    error_kind(_ is _ + 1),
    error_kind(atom_length(_, _)),
    error_kind(atom_length(123456, _)),
    error_kind(undefined_predicate_xyz),
    error_kind(arg(x, f(a), _)),
    error_kind(functor(_, foo, -1)),
    error_kind(atom_codes(_, _)),
    error_kind(X is 1 + 2),
    write(X), nl,
    catch(deep(1000), Ball, (write(caught(Ball)), nl)),
    findall(N, count(N), Ns), write(Ns), nl,
    catch((member(M, [1, 2, 3]), M > 1, throw(found(M))), found(F), true), write(found(F)), nl,
    catch(catch(throw(inner), outer, write(wrong)), inner, (write(rethrown_ok), nl)),
    catch(throw(f(Y0)), f(Z0), true), ( var(Z0) -> write(fresh_copy) ; write(Z0) ), nl, ( var(Y0) -> true ; true ),
    halt.
