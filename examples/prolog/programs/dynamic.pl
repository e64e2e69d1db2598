% The dynamic database: assert/retract, counters and memoisation.
:- initialization(main).
:- dynamic counter/1, memo/2, fact/1.

counter(0).

next(N) :- retract(counter(C)), N is C + 1, assertz(counter(N)).

fib(N, F) :- memo(N, F), !.
fib(N, F) :- N < 2, !, F = N.
fib(N, F) :- A is N - 1, B is N - 2, fib(A, FA), fib(B, FB), F is FA + FB, assertz(memo(N, F)).

main :-
    next(A), next(B), next(C), write([A, B, C]), nl,
    fib(80, F80), write(fib(80, F80)), nl,
    aggregate_all(count, memo(_, _), NM), write(memo_entries(NM)), nl,
    assertz(fact(b)), asserta(fact(a)), assertz(fact(c)),
    findall(X, fact(X), Xs), write(Xs), nl,
    retract(fact(b)), findall(X2, fact(X2), Xs2), write(Xs2), nl,
    ( fact(b) -> write(still_there) ; write(gone) ), nl,
    retractall(fact(_)), findall(X3, fact(X3), Xs3), write(Xs3), nl,
    assertz((double(Y, Z) :- Z is 2 * Y)), double(21, D), write(D), nl,
    ( catch(clause(double(_, _), Body), _, fail) -> numbervars(Body, 0, _), print(Body) ; write(no_clause) ), nl,
    assertz(item(1)), assertz(item(2)),
    forall(item(I), (I2 is I * 10, assertz(item(I2)))),
    findall(I3, item(I3), Is), write(Is), nl,
    halt.
