% Naive reverse: the classic Prolog benchmark (quadratic list reversal).
:- initialization(main).

app([], L, L).
app([H|T], L, [H|R]) :- app(T, L, R).

nrev([], []).
nrev([H|T], R) :- nrev(T, RT), app(RT, [H], R).

range(N, N, [N]) :- !.
range(I, N, [I|T]) :- I < N, I1 is I + 1, range(I1, N, T).

% Reverse the same list K times (the result is thrown away).
bench(0, _) :- !.
bench(K, L) :- nrev(L, _), K1 is K - 1, bench(K1, L).

main :-
    range(1, 30, L),
    nrev(L, R),
    write(R), nl,
    bench(20, L),
    range(1, 200, L2),
    nrev(L2, R2),
    R2 = [First, Second|_],
    write(first(First, Second)), nl,
    length(R2, N),
    write(length(N)), nl,
    nrev(R2, Back),
    ( Back == L2 -> write(round_trip_ok) ; write(round_trip_failed) ), nl,
    halt.
